import type { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import type { BodyReader } from "./body-reader.js";
import { dispatchRequest } from "./response-handler.js";

/**
 * The HTTP transport under the Anthropic SDK (its `fetch` option), built on undici's dispatcher instead of
 * `fetch`, so a streamed answer's network reads reach the Claude model as plain chunks.
 *
 * Why: undici's `fetch` hands the body over through web streams, several layers of them, with promises and
 * result objects for every network read, its own pull loop (`fetchParams.controller.resume`) and a copy of
 * every chunk. At 1,000 answers streaming on one worker (about 20,000 text deltas a second) those layers
 * were about 15 % of the worker's busy time and the largest part of what a delta allocated. `undici.request`
 * took most of that away but still put a Node `Readable` between the parser and the reader (about a sixth
 * of the worker's allocations); its handler API (response-handler.ts) is the same client (same connection
 * pool, parser, timeouts and TLS) with nothing in between.
 *
 * The SDK still builds, sends and times out the request and turns an HTTP error into its `APIError`: a
 * response that is not 2xx is read whole into an ordinary `Response` for it. A 2xx response comes back as
 * a `Response` without a body, paired with a reader of its body, which the Claude model takes (`open`).
 * Requests this transport does not handle (a body that is a stream or form data: file uploads) go to
 * `fetch` as before.
 */
export interface StreamTransport {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The reader of the body of a 2xx response this transport made; undefined for any other response. */
  open(response: Response): BodyReader | undefined;
}

export function createStreamTransport(dispatcher: Dispatcher = new Agent()): StreamTransport {
  // Node loads its web `Headers` and `Response` (its own copy of undici) at their first use, about 50 ms of
  // one thread's time on an idle machine and several times that on a busy one; every request uses them, so
  // the first question after a start paid for it (the bench's added latency, 2026-12-07). Here it is paid
  // while the worker starts.
  new Headers();
  const bodies = new WeakMap<Response, BodyReader>();
  return {
    async fetch(input, init = {}) {
      const body = init.body ?? undefined;
      if (
        !(typeof input === "string" || input instanceof URL) ||
        !(body === undefined || typeof body === "string")
      ) {
        return fetch(input, init);
      }
      const url = new URL(input);
      const headers = headersOf(init.headers);
      const bytes = body === undefined ? undefined : Buffer.from(body);
      // With its length given, an iterable body still goes out in one piece, not chunked.
      if (bytes !== undefined) headers["content-length"] = String(bytes.byteLength);
      const dispatched = await dispatchRequest(
        dispatcher,
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: (init.method ?? "GET") as Dispatcher.HttpMethod,
          headers,
          // undici takes an iterable body (its docs and core/request.js); its typings list only the rest.
          ...(bytes === undefined ? {} : { body: sentOnce(bytes) as unknown as Readable }),
        },
        init.signal ?? undefined,
      );
      if (dispatched.body !== undefined) bodies.set(dispatched.response, dispatched.body);
      return dispatched.response;
    },
    open(response) {
      return bodies.get(response);
    },
  };
}

/**
 * The request body as an iterable that lets go of its bytes once they are on the socket. Given a string
 * or a Buffer, undici keeps it on the request until the response ends, and a streamed answer's request
 * lives as long as the answer: the persona and the thread, about 9 KB each, 9 MB at 1,000 answers in flight
 * (a heap snapshot of the worker, bench N = 1,000).
 */
function sentOnce(body: Buffer): Iterable<Buffer> {
  let bytes: Buffer | undefined = body;
  return {
    *[Symbol.iterator]() {
      const sending = bytes;
      bytes = undefined;
      if (sending !== undefined) yield sending;
    },
  };
}

function headersOf(headers: RequestInit["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    flat[name] = value;
  });
  return flat;
}
