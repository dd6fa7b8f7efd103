import type { Dispatcher } from "undici";
import { type BodyReader, type BodySink, createBodyReader } from "./body-reader.js";

/** A response as the transport hands it on: the Response the SDK reads and, for a 2xx, its body's reader. */
export interface DispatchedResponse {
  response: Response;
  body: BodyReader | undefined;
}

/**
 * Sends one request with undici's handler API (`dispatcher.dispatch`, the layer `undici.request` is built
 * on) and settles once its headers are in. A 2xx body's network reads go straight into a body reader
 * (body-reader.ts); one that is not 2xx is read whole into the Response first, for the SDK's APIError.
 *
 * `signal` does what `undici.request`'s does: already aborted, nothing is sent; aborted later, the request
 * is aborted (before its headers, the promise rejects; after, the body's next read throws), with the
 * signal's reason either way.
 */
export function dispatchRequest(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal | undefined,
): Promise<DispatchedResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    dispatcher.dispatch(options, new ResponseHandler(resolve, reject, signal));
  });
}

/**
 * undici calls these as the response arrives, from its HTTP parser: no stream, no promise and no copy per
 * network read (what `undici.request`'s Node `Readable` body costs). Decompression is left out as it is by
 * `undici.request`: Claude's event stream comes uncompressed.
 */
class ResponseHandler implements Dispatcher.DispatchHandlers {
  /** Aborts the request on its connection; undici gives it once the request is on one. */
  private abort: ((error?: Error) => void) | undefined;
  /** The signal's reason when it fired before the request was on a connection. */
  private abortedBeforeConnect: Error | undefined;
  private body: (BodyReader & BodySink) | undefined;
  /** A response that is not 2xx, gathered until it is whole. */
  private failed: { init: ResponseInit; chunks: Buffer[] } | undefined;

  constructor(
    private readonly resolve: (response: DispatchedResponse) => void,
    private readonly reject: (error: Error) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  private readonly onAbort = () => {
    const reason = this.signal?.reason as Error;
    if (this.abort === undefined) this.abortedBeforeConnect = reason;
    else this.abort(reason);
  };

  onConnect(abort: (error?: Error) => void): void {
    if (this.abortedBeforeConnect !== undefined) abort(this.abortedBeforeConnect);
    else this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // informational (1xx): the response is still to come
    const init = { status: statusCode, headers: toHeaders(rawHeaders) };
    if (statusCode > 299) {
      this.failed = { init, chunks: [] };
      return true;
    }
    const response = new Response(null, init);
    this.body = createBodyReader({ resume, cancel: () => this.abort?.() }, response);
    this.resolve({ response, body: this.body });
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.body !== undefined) return this.body.push(chunk);
    this.failed?.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.signal?.removeEventListener("abort", this.onAbort);
    if (this.body !== undefined) {
      this.body.end();
      return;
    }
    const { init, chunks } = this.failed ?? { init: {}, chunks: [] };
    // An error's body is small and the SDK reads it whole (`response.text()`) for its APIError.
    const text = Buffer.concat(chunks).toString();
    this.resolve({ response: new Response(text === "" ? null : text, init), body: undefined });
  }

  onError(error: Error): void {
    this.signal?.removeEventListener("abort", this.onAbort);
    if (this.body !== undefined) this.body.fail(error);
    else this.reject(error);
  }
}

/**
 * Header values as bytes, one character each (`latin1`), as undici's `fetch` reads them: a `Headers` takes
 * only byte strings, so UTF-8 decoding would make it throw on a value that is not ASCII.
 */
function toHeaders(rawHeaders: Buffer[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    headers.append(String(rawHeaders[index]), (rawHeaders[index + 1] as Buffer).toString("latin1"));
  }
  return headers;
}
