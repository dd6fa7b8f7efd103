import type { Readable } from "node:stream";

/** Reads a streamed response's Node body (stream-transport.ts) the way the Claude model consumes it. */
export interface BodyReader {
  /**
   * The chunks that arrived since the last read, at most one batch every `batchMs` (below); null once the
   * body has ended. An error is thrown once the chunks before it have been read.
   */
  read(): Promise<Buffer[] | null> | Buffer[] | null;
  /** Stops reading early and frees the connection. */
  cancel(): void;
}

/**
 * Chunks that arrive within this many milliseconds of the last batch wait for the next one: the answer's
 * chain (decode, the model's generator, `answer`'s loop, the reply) then runs once per batch rather than
 * once per network read. Claude streams about 20 text deltas a second, so an answer's text comes in steps of
 * two or three deltas instead of one; the platforms show it at most once a second anyway (their edit
 * intervals), and the first text, the end and an error go out at once.
 */
export const batchMs = 100;

/** Chunks held before the body is paused (TCP then holds the rest): far more than an answer's stream. */
const heldBytesLimit = 1 << 20;

/**
 * The body flows (`data` events, no buffering inside the stream, no promise per chunk) into an array the
 * reader takes whole.
 *
 * `owner` is kept reachable for as long as the body is read: the SDK removes the listener that carries
 * the caller's abort signal to the request once the Response is garbage (a FinalizationRegistry on the
 * Response when it has no web body), so the Response must live as long as its body is being read.
 */
export function createBodyReader(body: Readable, owner: object, now = Date.now): BodyReader {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let failure: Error | undefined;
  let ended = false;
  let lastTakenAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let waiting: { resolve: (chunks: Buffer[] | null) => void; reject: (error: Error) => void } | undefined;

  const take = (): Buffer[] | null => {
    // What arrived before an error still counts: it is taken first, then the error is thrown.
    if (held.length > 0) {
      const taken = held;
      held = [];
      if (heldBytes > heldBytesLimit) body.resume();
      heldBytes = 0;
      lastTakenAt = now();
      return taken;
    }
    if (failure !== undefined) throw failure;
    return ended ? null : [];
  };
  const settle = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (waiting === undefined) return;
    const { resolve, reject } = waiting;
    waiting = undefined;
    try {
      resolve(take());
    } catch (error) {
      reject(error as Error);
    }
  };
  /** Settles now if the batch is due, else once it is; only what is final (end, error) skips the wait. */
  const settleWhenDue = () => {
    if (waiting === undefined || held.length === 0 || timer !== undefined) return;
    const dueInMs = lastTakenAt + batchMs - now();
    if (dueInMs <= 0) settle();
    else timer = setTimeout(settle, dueInMs);
  };

  body.on("data", (chunk: Buffer) => {
    held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes > heldBytesLimit) body.pause();
    settleWhenDue();
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
      if (failure !== undefined || ended) return take();
      const promise = new Promise<Buffer[] | null>((resolve, reject) => {
        waiting = { resolve, reject };
      });
      settleWhenDue();
      return promise;
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      body.destroy();
    },
  } as BodyReader;
}
