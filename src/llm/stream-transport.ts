import type { Readable } from "node:stream";
import { Agent, type Dispatcher, request } from "undici";
import { type BodyReader, createBodyReader } from "./body-reader.js";

/**
 * The HTTP transport under the Anthropic SDK (its `fetch` option), built on `undici.request` instead of
 * `fetch`, so a streamed answer's body is a Node stream rather than a web `ReadableStream`.
 *
 * Why: undici's `fetch` hands the body over through web streams, several layers of them, with promises and
 * result objects for every network read, its own pull loop (`fetchParams.controller.resume`) and a copy of
 * every chunk. At 1,000 answers streaming on one worker (about 20,000 text deltas a second) those layers
 * were about 15 % of the worker's busy time and the largest part of what a delta allocated. `undici.request`
 * is the same client (same connection pool, parser, timeouts and TLS) with a Node `Readable` body.
 *
 * The SDK still builds, sends and times out the request and turns an HTTP error into its `APIError`: a
 * response that is not 2xx is read whole into an ordinary `Response` for it. A 2xx response comes back as
 * a `Response` without a body, paired with its Node body, which the Claude model reads (`open`).
 * Requests this transport does not handle (a body that is a stream or form data: file uploads) go to
 * `fetch` as before.
 */
export interface StreamTransport {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** A reader of the body of a 2xx response this transport made; undefined for any other response. */
  open(response: Response): BodyReader | undefined;
}

export function createStreamTransport(dispatcher: Dispatcher = new Agent()): StreamTransport {
  const bodies = new WeakMap<Response, Readable>();
  return {
    async fetch(input, init = {}) {
      const body = init.body ?? undefined;
      if (
        !(typeof input === "string" || input instanceof URL) ||
        !(body === undefined || typeof body === "string")
      ) {
        return fetch(input, init);
      }
      const response = await request(input, {
        dispatcher,
        method: (init.method ?? "GET") as Dispatcher.HttpMethod,
        headers: headersOf(init.headers),
        ...(body === undefined ? {} : { body }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      const headers = toHeaders(response.headers);
      const responseInit = { status: response.statusCode, headers };
      if (response.statusCode > 299) {
        // An error's body is small and the SDK reads it whole (`response.text()`) for its APIError.
        const text = await response.body.text();
        return new Response(text === "" ? null : text, responseInit);
      }
      const shown = new Response(null, responseInit);
      bodies.set(shown, response.body);
      return shown;
    },
    open(response) {
      const body = bodies.get(response);
      return body === undefined ? undefined : createBodyReader(body, response);
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

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}
