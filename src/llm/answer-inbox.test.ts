import { describe, expect, it } from "vitest";
import { RteError } from "../core/errors.js";
import type { ModelEvent } from "../core/model.js";
import { createAnswerInbox } from "./answer-inbox.js";

const text = (value: string): ModelEvent => ({ type: "text", text: value });
const overloaded = () => new RteError("model_overloaded_error", "Claude's stream failed: Overloaded");
const event = (value: ModelEvent) => ({ value, done: false });
const ended = { value: undefined, done: true };

describe("createAnswerInbox", () => {
  it("gives the events in the order they arrived, however they were batched", async () => {
    const inbox = createAnswerInbox();
    inbox.receive([text("a")]);
    inbox.receive([text("b"), text("c")]);
    expect(await inbox.next()).toEqual(event(text("a")));
    expect(await inbox.next()).toEqual(event(text("b")));
    inbox.receive([text("d")]);
    expect(await inbox.next()).toEqual(event(text("c")));
    expect(await inbox.next()).toEqual(event(text("d")));
  });

  it("wakes a reader that waits before anything arrived", async () => {
    const inbox = createAnswerInbox();
    const waiting = inbox.next();
    inbox.receive([text("a"), text("b")]);
    expect(await waiting).toEqual(event(text("a")));
    expect(await inbox.next()).toEqual(event(text("b")));
  });

  it("reads as an async iterable: the events that came before a normal end, then done", async () => {
    let finished = 0;
    const inbox = createAnswerInbox(() => {
      finished += 1;
    });
    inbox.receive([text("a"), text("b")]);
    inbox.end();
    const read: ModelEvent[] = [];
    for await (const each of { [Symbol.asyncIterator]: () => inbox }) read.push(each);
    expect(read).toEqual([text("a"), text("b")]);
    expect(finished).toBe(1);
    expect(await inbox.next()).toEqual(ended);
    expect(finished).toBe(1);
  });

  it("gives the events that came before an error first, then throws the error once", async () => {
    let finished = 0;
    const inbox = createAnswerInbox(() => {
      finished += 1;
    });
    const error = overloaded();
    inbox.receive([text("Use s")]);
    inbox.end(error);
    expect(await inbox.next()).toEqual(event(text("Use s")));
    expect(finished).toBe(0);
    await expect(inbox.next()).rejects.toBe(error);
    expect(finished).toBe(1);
    expect(await inbox.next()).toEqual(ended);
  });

  it("wakes a waiting reader with the end", async () => {
    const inbox = createAnswerInbox();
    const waiting = inbox.next();
    inbox.end();
    expect(await waiting).toEqual(ended);
  });

  it("ignores events and ends that come after the answer ended", async () => {
    const inbox = createAnswerInbox();
    inbox.end();
    inbox.receive([text("late")]);
    inbox.end(overloaded());
    expect(await inbox.next()).toEqual(ended);
  });

  it("fails at once, dropping the events nobody read (an abort, or the thread died)", async () => {
    const inbox = createAnswerInbox();
    const error = new RteError("model_unreachable", "The model thread crashed.");
    inbox.receive([text("read"), text("unread")]);
    expect(await inbox.next()).toEqual(event(text("read")));
    inbox.end();
    inbox.fail(error);
    await expect(inbox.next()).rejects.toBe(error);
  });

  it("wakes a waiting reader with the failure", async () => {
    const inbox = createAnswerInbox();
    const waiting = inbox.next();
    const error = new RteError("model_aborted", "The answer was cancelled.", { permanent: true });
    inbox.fail(error);
    await expect(waiting).rejects.toBe(error);
  });

  it("keeps a normal end that was fully read: a late failure does not turn it into an error", async () => {
    const inbox = createAnswerInbox();
    inbox.end();
    inbox.fail(overloaded());
    expect(await inbox.next()).toEqual(ended);
  });

  it("calls finished once when the reader stops early, and reads nothing more after", async () => {
    let finished = 0;
    const inbox = createAnswerInbox(() => {
      finished += 1;
    });
    inbox.receive([text("a"), text("b")]);
    for await (const each of { [Symbol.asyncIterator]: () => inbox }) {
      expect(each).toEqual(text("a"));
      break;
    }
    expect(finished).toBe(1);
    expect(await inbox.next()).toEqual(ended);
    expect(finished).toBe(1);
  });
});
