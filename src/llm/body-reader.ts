/** Reads a streamed response's body (stream-transport.ts) the way the Claude model consumes it. */
export interface BodyReader {
  /**
   * The chunks that arrived since the last read, at most one batch every `batchMs` (below); null once the
   * body has ended. An error is thrown once the chunks before it have been read.
   */
  read(): Promise<Buffer[] | null> | Buffer[] | null;
  /** Stops reading early and frees the connection. */
  cancel(): void;
}

/** The connection's side of a body: what it pushes in as the response arrives. */
export interface BodySink {
  /** Holds a chunk; false once too much is held: the connection should pause until `BodyFlow.resume`. */
  push(chunk: Buffer): boolean;
  end(): void;
  fail(error: Error): void;
}

/** What the reader asks of the connection under the body. */
export interface BodyFlow {
  /** Reads from the network again after `push` returned false. */
  resume(): void;
  /** Gives up the response and frees its connection. */
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

/** Bytes held before the connection is paused (TCP then holds the rest): far more than an answer's stream. */
export const heldBytesLimit = 1 << 20;

/**
 * The connection pushes each network read (no stream, no promise per chunk) into an array the reader takes
 * whole.
 *
 * `owner` is kept reachable for as long as the body is read: the SDK removes the listener that carries
 * the caller's abort signal to the request once the Response is garbage (a FinalizationRegistry on the
 * Response when it has no web body), so the Response must live as long as its body is being read.
 */
export function createBodyReader(flow: BodyFlow, owner: object, now = Date.now): BodyReader & BodySink {
  let held: Buffer[] = [];
  let heldBytes = 0;
  /**
   * Set only when `push` said false, so `resume` is asked for only then: it never runs inside `push`, which
   * undici calls from its HTTP parser, whose resume must not run while it parses.
   */
  let paused = false;
  let failure: Error | undefined;
  let ended = false;
  let lastTakenAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let waiting: { resolve: (chunks: Buffer[] | null) => void; reject: (error: Error) => void } | undefined;

  const isOver = () => failure !== undefined || ended;
  const take = (): Buffer[] | null => {
    // What arrived before an error still counts: it is taken first, then the error is thrown.
    if (held.length > 0) {
      const taken = held;
      held = [];
      heldBytes = 0;
      lastTakenAt = now();
      if (paused) {
        paused = false;
        if (!isOver()) flow.resume();
      }
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
  return {
    owner,
    push(chunk) {
      held.push(chunk);
      heldBytes += chunk.length;
      settleWhenDue();
      if (heldBytes <= heldBytesLimit) return true;
      paused = true;
      return false;
    },
    end() {
      if (isOver()) return;
      ended = true;
      settle();
    },
    fail(error) {
      if (isOver()) return;
      failure = error;
      settle();
    },
    read() {
      if (isOver()) return take();
      const promise = new Promise<Buffer[] | null>((resolve, reject) => {
        waiting = { resolve, reject };
      });
      settleWhenDue();
      return promise;
    },
    cancel() {
      // Whatever the connection says after this (its abort error) is not news: the body was given up here.
      if (!isOver()) failure = new Error("the response closed before its end");
      settle();
      flow.cancel();
    },
  } as BodyReader & BodySink;
}
