import type { RteError } from "../core/errors.js";
import type { ModelEvent } from "../core/model.js";

/**
 * One answer's events as they arrive from the model thread, read by its stream on the main thread: events
 * are taken all that arrived at a time, then how the answer ended (null, or its error thrown).
 */
export interface AnswerInbox {
  receive(events: ModelEvent[]): void;
  /** The answer ended: normally, or with `error` once the events before it have been read. */
  end(error?: RteError): void;
  /** Ends at once, dropping events not yet read (an abort, or the thread died). */
  fail(error: RteError): void;
  next(): Promise<ModelEvent[] | null>;
}

export function createAnswerInbox(): AnswerInbox {
  let queued: ModelEvent[] = [];
  let ending: { error: RteError | undefined } | undefined;
  let wake: (() => void) | undefined;

  const take = (): ModelEvent[] | null => {
    if (queued.length > 0) {
      const taken = queued;
      queued = [];
      return taken;
    }
    if (ending?.error !== undefined) throw ending.error;
    return null;
  };
  const woken = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  return {
    receive(events) {
      if (ending !== undefined) return;
      for (const event of events) queued.push(event);
      woken();
    },
    end(error) {
      if (ending !== undefined) return;
      ending = { error };
      woken();
    },
    fail(error) {
      if (ending !== undefined && queued.length === 0) return;
      queued = [];
      ending = { error };
      woken();
    },
    async next() {
      if (queued.length === 0 && ending === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      return take();
    },
  };
}
