import type { MessagePort } from "node:worker_threads";
import type { ModelEvent } from "../core/model.js";
import type { AnswerPart, ModelThreadBatch, WireError } from "./model-thread-messages.js";

/**
 * How long the model thread collects answers' events before it posts them to the main thread as one
 * message. Each answer's body is read at most once per 100 ms (body-reader.ts), and the texts read while a
 * batch waits cross as one text event, so a streaming answer costs the main thread about 4 events a second
 * instead of 10, each a step of the answer's loop and garbage for the main thread to collect (at 1,000
 * answers, docs/performance.md has the figures). The chat platforms show an answer at most once a second,
 * so text that waits up to a quarter second longer to cross changes what an update shows, not when. What
 * must not wait (an answer's first text, its end, an error) goes out at the end of the thread's current
 * turn, with whatever else is ready.
 */
export const flushMs = 250;

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
