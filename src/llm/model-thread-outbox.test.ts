import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ModelEvent } from "../core/model.js";
import type { ModelThreadBatch, WireError } from "./model-thread-messages.js";
import { createOutbox, flushMs, slots } from "./model-thread-outbox.js";

const text = (value: string): ModelEvent => ({ type: "text", text: value });
const searching: ModelEvent = { type: "activity", activity: { tool: "web_search", subject: "redis" } };

/** An outbox whose port records every batch it was given. */
function recordingOutbox() {
  const batches: ModelThreadBatch[] = [];
  const outbox = createOutbox({ postMessage: (batch: ModelThreadBatch) => batches.push(batch) });
  return { batches, outbox };
}

describe("createOutbox", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("posts each answer in its own slot: the main thread gets a few answers at a time", async () => {
    const { batches, outbox } = recordingOutbox();
    for (let id = 0; id < slots * 2; id++) outbox.add(id, text(String(id)), false);
    await vi.advanceTimersByTimeAsync(flushMs);
    expect(batches.map((batch) => batch.parts.map((part) => part.id))).toEqual(
      Array.from({ length: slots }, (_, slot) => [slot, slot + slots]),
    );
    expect(batches[3]?.parts[0]?.events).toEqual([text("3")]);
  });

  it("holds an answer's events until its slot comes round: at most flushMs, once per flushMs", async () => {
    const { batches, outbox } = recordingOutbox();
    const slotMs = flushMs / slots;
    // The clock starts with the first event; slot 3 is the fourth it posts.
    outbox.add(3, text("a"), false);
    await vi.advanceTimersByTimeAsync(4 * slotMs - 1);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([{ type: "batch", parts: [{ id: 3, events: [text("a")] }] }]);
    outbox.add(3, text("b"), false);
    await vi.advanceTimersByTimeAsync(flushMs - 1);
    expect(batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches[1]?.parts).toEqual([{ id: 3, events: [text("b")] }]);
  });

  it("stops its clock once nothing waits", async () => {
    const { outbox } = recordingOutbox();
    outbox.add(1, text("a"), false);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(flushMs);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("joins texts that wait together, but not across another kind of event", async () => {
    const { batches, outbox } = recordingOutbox();
    for (const piece of ["Use ", "sticky "]) outbox.add(1, text(piece), false);
    outbox.add(1, searching, false);
    for (const piece of ["sessions", "."]) outbox.add(1, text(piece), false);
    await vi.advanceTimersByTimeAsync(flushMs);
    expect(batches[0]?.parts[0]?.events).toEqual([text("Use sticky "), searching, text("sessions.")]);
  });

  it("posts an urgent answer's events at the end of the turn; the others keep their time", async () => {
    const { batches, outbox } = recordingOutbox();
    outbox.add(1, text("waiting"), false);
    outbox.add(2, text("earlier"), false);
    outbox.add(2, text(" first"), true);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([{ type: "batch", parts: [{ id: 2, events: [text("earlier first")] }] }]);
    await vi.advanceTimersByTimeAsync(flushMs);
    expect(batches.map((batch) => batch.parts.map((part) => part.id))).toEqual([[2], [1]]);
    await vi.advanceTimersByTimeAsync(flushMs * 2);
    expect(batches).toHaveLength(2);
  });

  it("sends an answer's end urgently, after the events that came before it", async () => {
    const { batches, outbox } = recordingOutbox();
    const error: WireError = {
      code: "model_overloaded_error",
      message: "Claude's stream failed: Overloaded",
      permanent: false,
      retryAfterMs: undefined,
    };
    outbox.add(1, text("Use s"), false);
    outbox.end(1, error);
    outbox.end(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(batches[0]?.parts).toEqual([
      { id: 1, events: [text("Use s")], end: { error } },
      { id: 2, events: [], end: {} },
    ]);
  });

  it("starts a fresh batch after each post", async () => {
    const { batches, outbox } = recordingOutbox();
    outbox.add(1, text("a"), true);
    await vi.advanceTimersByTimeAsync(0);
    outbox.add(1, text("b"), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.map((batch) => batch.parts[0]?.events)).toEqual([[text("a")], [text("b")]]);
  });

  it("drops what a cancelled answer had not sent, and posts nothing when nothing is left", async () => {
    const { batches, outbox } = recordingOutbox();
    outbox.add(1, text("unsent"), false);
    outbox.drop(1);
    await vi.advanceTimersByTimeAsync(flushMs);
    expect(batches).toEqual([]);
  });
});
