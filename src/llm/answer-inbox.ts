import type { RteError } from "../core/errors.js";
import type { ModelEvent } from "../core/model.js";

/**
 * One answer's events as they arrive from the model thread, and the iterator its reader on the main thread
 * takes them from, in order: then how the answer ended (done, or its error thrown).
 *
 * Why an iterator by hand, not an async generator over batches: every event of every answer passes here,
 * several a second each, so thousands a second at 1,000 answers, and each one's garbage lands in the main
 * thread's young generation, whose collections set the worker's event-loop delay. An event read here costs
 * one promise and one result; an async generator re-yielding each batch allocated several times that
 * (docs/performance.md, session 12).
 */
export interface AnswerInbox extends AsyncIterator<ModelEvent> {
  receive(events: ModelEvent[]): void;
  /** The answer ended: normally, or with `error` once the events before it have been read. */
  end(error?: RteError): void;
  /** Ends at once, dropping events not yet read (an abort, or the thread died). */
  fail(error: RteError): void;
  next(): Promise<IteratorResult<ModelEvent>>;
  /** The reader stopped early; `finished` is called as for an end it read. */
  return(): Promise<IteratorResult<ModelEvent>>;
}

const done: IteratorResult<ModelEvent> = { value: undefined, done: true };

/** `finished` is called once, when the reader has seen the end or the error, or stopped early. */
export function createAnswerInbox(finished: () => void = () => {}): AnswerInbox {
  let queued: ModelEvent[] = [];
  let head = 0;
  let ending: { error: RteError | undefined } | undefined;
  let reader:
    | { resolve: (result: IteratorResult<ModelEvent>) => void; reject: (error: unknown) => void }
    | undefined;
  let over = false;

  const finish = () => {
    if (over) return;
    over = true;
    finished();
  };
  /** What the reader gets now, or undefined while there is nothing to give. Throws the answer's error. */
  const take = (): IteratorResult<ModelEvent> | undefined => {
    if (head < queued.length) {
      const value = queued[head] as ModelEvent;
      head += 1;
      if (head === queued.length) {
        queued = [];
        head = 0;
      }
      return { value, done: false };
    }
    if (ending === undefined) return undefined;
    finish();
    if (ending.error !== undefined) throw ending.error;
    return done;
  };
  const wakeReader = () => {
    const waiting = reader;
    if (waiting === undefined) return;
    reader = undefined;
    try {
      waiting.resolve(take() as IteratorResult<ModelEvent>);
    } catch (error) {
      waiting.reject(error);
    }
  };

  return {
    receive(events) {
      if (ending !== undefined) return;
      // The batch's own array is kept when nothing waits before it: no copy of each event.
      if (head === queued.length) {
        queued = events;
        head = 0;
      } else {
        for (const event of events) queued.push(event);
      }
      wakeReader();
    },
    end(error) {
      if (ending !== undefined) return;
      ending = { error };
      wakeReader();
    },
    fail(error) {
      if (ending !== undefined && head === queued.length) return;
      queued = [];
      head = 0;
      ending = { error };
      wakeReader();
    },
    next() {
      if (over) return Promise.resolve(done);
      try {
        const result = take();
        if (result !== undefined) return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        reader = { resolve, reject };
      });
    },
    return() {
      finish();
      return Promise.resolve(done);
    },
  };
}
