import { describe, expect, it } from "vitest";
import type { SlackCall } from "../../test/fakes/fake-slack.js";
import { answerMarkers, composeAnswer } from "./answers.js";
import { createThreadTracker } from "./thread-tracker.js";

const answer = composeAnswer(3, 1_500);
const { head, tail } = answerMarkers(answer);

function call(method: string, args: Record<string, unknown>, at: number): SlackCall {
  return { method, args, token: "xoxb-test", at };
}

function trackedThread() {
  const tracker = createThreadTracker();
  tracker.register({ channel: "C1", ts: "100.000001", questionId: "t-3" });
  tracker.expectAnswer("t-3", answer);
  return tracker;
}

describe("createThreadTracker", () => {
  it("follows a post and its updates to first visible text and the complete answer", () => {
    const tracker = trackedThread();
    const thread = { channel: "C1", thread_ts: "100.000001" };
    tracker.observe(call("assistant.threads.setStatus", { channel_id: "C1", ...thread }, 1), { ok: true });
    tracker.observe(call("chat.postMessage", { ...thread, text: answer.slice(0, 16) }, 10), {
      ok: true,
      ts: "100.000002",
    });
    tracker.observe(
      call("chat.update", { channel: "C1", ts: "100.000002", text: answer.slice(0, 900) }, 20),
      {
        ok: true,
      },
    );
    tracker.observe(
      call(
        "chat.update",
        { channel: "C1", ts: "100.000002", blocks: [{ type: "markdown", text: answer }] },
        30,
      ),
      { ok: true },
    );
    tracker.observe(call("auth.test", {}, 31), { ok: true });

    const [result] = tracker.summary().threads;
    expect(result).toMatchObject({ firstVisibleAt: 10, completeAt: 30, answerMessages: 1 });
    expect(result?.calls).toEqual({
      "assistant.threads.setStatus": 1,
      "chat.postMessage": 1,
      "chat.update": 2,
    });
    expect(tracker.summary().unattributed).toEqual({ "auth.test": 1 });
    expect(tracker.completed()).toBe(1);
  });

  it("joins streamed chunks, so an ending split across two appends still counts", () => {
    const tracker = trackedThread();
    const cut = answer.length - 20;
    tracker.observe(call("chat.startStream", { channel: "C1", thread_ts: "100.000001" }, 5), {
      ok: true,
      ts: "100.000009",
    });
    tracker.observe(
      call("chat.appendStream", { channel: "C1", ts: "100.000009", markdown_text: answer.slice(0, cut) }, 6),
      {
        ok: true,
      },
    );
    expect(tracker.completed()).toBe(0);
    tracker.observe(
      call(
        "chat.appendStream",
        { channel: "C1", ts: "100.000009", chunks: [{ type: "markdown_text", text: answer.slice(cut) }] },
        7,
      ),
      { ok: true },
    );
    expect(tracker.summary().threads[0]).toMatchObject({ firstVisibleAt: 6, completeAt: 7 });
  });

  it("counts a second message showing the answer as a duplicate, and ignores failed calls", () => {
    const tracker = trackedThread();
    const post = (ts: string, at: number, ok: boolean) =>
      tracker.observe(
        call("chat.postMessage", { channel: "C1", thread_ts: "100.000001", text: answer }, at),
        {
          ok,
          ...(ok ? { ts } : { error: "ratelimited" }),
        },
      );
    post("100.000002", 10, false);
    post("100.000003", 11, true);
    post("100.000004", 12, true);

    expect(tracker.summary().threads[0]).toMatchObject({ answerMessages: 2, completeAt: 11 });
    expect(head).not.toBe("");
    expect(answer.endsWith(tail)).toBe(true);
  });
});
