import { describe, expect, it } from "vitest";
import { RteError } from "../core/errors.js";
import type { ModelEvent } from "../core/model.js";
import { createAnswerInbox } from "./answer-inbox.js";

const text = (value: string): ModelEvent => ({ type: "text", text: value });
const overloaded = () => new RteError("model_overloaded_error", "Claude's stream failed: Overloaded");

describe("createAnswerInbox", () => {
  it("hands over everything that arrived since the last read as one array", async () => {
    const inbox = createAnswerInbox();
    inbox.receive([text("a")]);
    inbox.receive([text("b"), text("c")]);
    expect(await inbox.next()).toEqual([text("a"), text("b"), text("c")]);
  });

  it("wakes a reader that waits before anything arrived", async () => {
    const inbox = createAnswerInbox();
    const waiting = inbox.next();
    inbox.receive([text("a")]);
    expect(await waiting).toEqual([text("a")]);
  });

  it("gives the events that came before a normal end, then null", async () => {
    const inbox = createAnswerInbox();
    inbox.receive([text("a")]);
    inbox.end();
    expect(await inbox.next()).toEqual([text("a")]);
    expect(await inbox.next()).toBeNull();
  });

  it("gives the events that came before an error first, then throws the error", async () => {
    const inbox = createAnswerInbox();
    const error = overloaded();
    inbox.receive([text("Use s")]);
    inbox.end(error);
    expect(await inbox.next()).toEqual([text("Use s")]);
    await expect(inbox.next()).rejects.toBe(error);
  });

  it("ignores events and ends that come after the answer ended", async () => {
    const inbox = createAnswerInbox();
    inbox.end();
    inbox.receive([text("late")]);
    inbox.end(overloaded());
    expect(await inbox.next()).toBeNull();
  });

  it("fails at once, dropping the events nobody read (an abort, or the thread died)", async () => {
    const inbox = createAnswerInbox();
    const error = new RteError("model_unreachable", "The model thread crashed.");
    inbox.receive([text("unread")]);
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
    expect(await inbox.next()).toBeNull();
  });
});
