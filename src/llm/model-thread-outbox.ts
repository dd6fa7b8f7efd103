import type { MessagePort } from "node:worker_threads";
import type { ModelEvent } from "../core/model.js";
import type { AnswerPart, ModelThreadBatch, WireError } from "./model-thread-messages.js";

/**
 * How often an answer's events cross from the model thread to the main thread: once every `flushMs` at
 * most. Each answer's body is read at most once per 100 ms (body-reader.ts), and the texts read while an
 * answer waits cross as one text event, so a streaming answer costs the main thread about 4 events a
 * second instead of 10, each a step of the answer's loop and garbage for the main thread to collect (at
 * 1,000 answers, docs/performance.md has the figures). The chat platforms show an answer at most once a
 * second, so text that waits up to a quarter second longer to cross changes what an update shows, not
 * when. What must not wait (an answer's first text, its end, an error) goes out at the end of the thread's
 * current turn.
 */
export const flushMs = 250;

/**
 * `flushMs` is cut into this many slots, and an answer's waiting events cross in its own slot (its id picks
 * it): each answer still crosses once every `flushMs`, and its events wait about half of that on average.
 *
 * Why not every answer at once every `flushMs`: the main thread runs every answer's step of a message
 * before its event loop turns again. With one message for all, at 1,000 answers that was a stretch of about
 * 10 ms of work four times a second, and those stretches (made longer on a busy machine, which takes the
 * core away in the middle of one) were most of the worst ticks of the worker's event loop. In slots, each
 * message carries about a tenth of the answers.
 */
export const slots = 10;

/** Collects answers' events in the model thread and posts them to the main thread in batches. */
export interface Outbox {
  add(id: number, event: ModelEvent, urgent: boolean): void;
  end(id: number, error?: WireError): void;
  /** Forgets an answer nobody reads any more (cancelled). */
  drop(id: number): void;
}

export function createOutbox(port: Pick<MessagePort, "postMessage">): Outbox {
  /** Answers with events not yet posted, by the slot they cross in. */
  const waiting = Array.from({ length: slots }, () => new Map<number, AnswerPart>());
  let waitingCount = 0;
  /** Answers with something that must not wait: posted at the end of the thread's current turn. */
  const urgent = new Set<number>();
  let urgentPosting = false;
  let clock: NodeJS.Timeout | undefined;
  let slot = 0;

  const slotOf = (id: number) => waiting[id % slots] as Map<number, AnswerPart>;
  const post = (parts: AnswerPart[]) => {
    if (parts.length === 0) return;
    const batch: ModelThreadBatch = { type: "batch", parts };
    port.postMessage(batch);
  };
  const forget = (id: number): AnswerPart | undefined => {
    const parts = slotOf(id);
    const part = parts.get(id);
    if (part === undefined) return undefined;
    parts.delete(id);
    waitingCount -= 1;
    if (waitingCount === 0 && clock !== undefined) {
      clearInterval(clock);
      clock = undefined;
    }
    return part;
  };
  const postSlot = () => {
    const parts = waiting[slot] as Map<number, AnswerPart>;
    slot = (slot + 1) % slots;
    const due = [...parts.values()];
    for (const part of due) {
      forget(part.id);
      urgent.delete(part.id);
    }
    post(due);
  };
  const postUrgent = () => {
    urgentPosting = false;
    const parts: AnswerPart[] = [];
    for (const id of urgent) {
      const part = forget(id);
      if (part !== undefined) parts.push(part);
    }
    urgent.clear();
    post(parts);
  };
  const partOf = (id: number): AnswerPart => {
    const parts = slotOf(id);
    let part = parts.get(id);
    if (part === undefined) {
      part = { id, events: [] };
      parts.set(id, part);
      waitingCount += 1;
      clock ??= setInterval(postSlot, flushMs / slots);
    }
    return part;
  };
  const hurry = (id: number) => {
    urgent.add(id);
    if (urgentPosting) return;
    urgentPosting = true;
    setImmediate(postUrgent);
  };

  return {
    add(id, event, isUrgent) {
      const events = partOf(id).events;
      const last = events.at(-1);
      // Texts that wait together cross as one: one step of the answer's loop on the main thread.
      if (event.type === "text" && last?.type === "text") {
        events[events.length - 1] = { type: "text", text: last.text + event.text };
      } else {
        events.push(event);
      }
      if (isUrgent) hurry(id);
    },
    end(id, error) {
      partOf(id).end = error === undefined ? {} : { error };
      hurry(id);
    },
    drop(id) {
      forget(id);
      urgent.delete(id);
    },
  };
}
