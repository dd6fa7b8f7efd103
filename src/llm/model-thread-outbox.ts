import type { MessagePort } from "node:worker_threads";
import type { ModelEvent } from "../core/model.js";
import type { AnswerPart, ModelThreadBatch, WireError } from "./model-thread-messages.js";

/**
 * How long the model thread collects answers' events before it posts them to the main thread as one
 * message. Each answer's body is already read at most once per 100 ms (body-reader.ts), so at 1,000 answers
 * one batch carries a few hundred answers' text and the main thread handles about 20 messages a second
 * instead of thousands of network reads. What must not wait (an answer's first text, its end, an error)
 * goes out at the end of the thread's current turn, with whatever else is ready.
 */
export const flushMs = 50;

/** Collects answers' events in the model thread and posts them to the main thread in batches. */
export interface Outbox {
  add(id: number, event: ModelEvent, urgent: boolean): void;
  end(id: number, error?: WireError): void;
  /** Forgets an answer nobody reads any more (cancelled). */
  drop(id: number): void;
}

export function createOutbox(port: Pick<MessagePort, "postMessage">): Outbox {
  let parts = new Map<number, AnswerPart>();
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    if (parts.size === 0) return;
    const batch: ModelThreadBatch = { type: "batch", parts: [...parts.values()] };
    parts = new Map();
    port.postMessage(batch);
  };
  const schedule = (urgent: boolean) => {
    if (urgent) immediate ??= setImmediate(flush);
    else timer ??= setTimeout(flush, flushMs);
  };
  const partOf = (id: number): AnswerPart => {
    let part = parts.get(id);
    if (part === undefined) {
      part = { id, events: [] };
      parts.set(id, part);
    }
    return part;
  };

  return {
    add(id, event, urgent) {
      const events = partOf(id).events;
      const last = events.at(-1);
      // Texts that wait together cross as one: one step of the answer's loop on the main thread.
      if (event.type === "text" && last?.type === "text") {
        events[events.length - 1] = { type: "text", text: last.text + event.text };
      } else {
        events.push(event);
      }
      schedule(urgent);
    },
    end(id, error) {
      partOf(id).end = error === undefined ? {} : { error };
      schedule(true);
    },
    drop(id) {
      parts.delete(id);
    },
  };
}
