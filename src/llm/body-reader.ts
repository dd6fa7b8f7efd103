import type { Readable } from "node:stream";

/** Reads a streamed response's Node body (stream-transport.ts) the way the Claude model consumes it. */
export interface BodyReader {
  /**
   * The chunks that arrived since the last read; null once the body has ended. Waits only when nothing
   * has arrived yet, so a worker busy elsewhere takes several network reads in one step.
   */
  read(): Promise<Buffer[] | null> | Buffer[] | null;
  /** Stops reading early and frees the connection. */
  cancel(): void;
}

/** Chunks held before the body is paused (TCP then holds the rest): far more than an answer's stream. */
const heldBytesLimit = 1 << 20;

/**
 * The body flows (`data` events, no buffering inside the stream) into an array the reader takes whole.
 *
 * `owner` is kept reachable for as long as the body is read: the SDK removes the listener that carries
 * the caller's abort signal to the request once the Response is garbage (a FinalizationRegistry on the
 * Response when it has no web body), so the Response must live as long as its body is being read.
 */
export function createBodyReader(body: Readable, owner: object): BodyReader {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let failure: Error | undefined;
  let ended = false;
  let waiting: { resolve: (chunks: Buffer[] | null) => void; reject: (error: Error) => void } | undefined;
  const take = (): Buffer[] | null => {
    // What arrived before an error still counts: it is taken first, then the error is thrown.
    if (held.length > 0) {
      const taken = held;
      held = [];
      if (heldBytes > heldBytesLimit) body.resume();
      heldBytes = 0;
      return taken;
    }
    if (failure !== undefined) throw failure;
    return ended ? null : [];
  };
  const settle = () => {
    if (waiting === undefined) return;
    const { resolve, reject } = waiting;
    waiting = undefined;
    try {
      resolve(take());
    } catch (error) {
      reject(error as Error);
    }
  };
  body.on("data", (chunk: Buffer) => {
    held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes > heldBytesLimit) body.pause();
    settle();
  });
  body.on("end", () => {
    ended = true;
    settle();
  });
  body.on("error", (error: Error) => {
    failure = error;
    settle();
  });
  body.on("close", () => {
    // Destroyed without an error (nothing in rte does that while reading): still not a whole answer.
    if (!ended && failure === undefined) failure = new Error("the response closed before its end");
    settle();
  });
  return {
    owner,
    read() {
      if (held.length > 0 || failure !== undefined || ended) return take();
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    cancel() {
      body.destroy();
    },
  } as BodyReader;
}
