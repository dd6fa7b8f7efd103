import { afterEach, describe, expect, it } from "vitest";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";
import { waitUntil } from "../support/wait-until.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";
const answer = "Key the room by auction id and acknowledge every bid with its sequence number.";

/** Every text the bot wrote into the thread, posts and edits alike, in order. */
function written(harness: SlackHarness): string[] {
  return harness.slack.calls
    .filter((call) => call.method === "chat.postMessage" || call.method === "chat.update")
    .map((call) => String(call.args.markdown_text ?? call.args.text ?? ""));
}

async function mention(harness: SlackHarness) {
  const event = slackEvent("app-mention");
  harness.seed(event);
  return harness.postEvent(event);
}

describe("Slack answers through Redis, Claude and Slack failures", () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("with Redis down a signed mention gets a 5xx (Slack delivers it again) and nothing pretends to answer", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({ kind: "answer", text: answer });
    await harness.redisDown();

    const refused = await mention(harness);

    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(harness.botReplies(CHANNEL, ROOT)).toEqual([]);
    expect(harness.slack.callsTo("chat.postMessage")).toEqual([]);

    // Slack's redelivery, once Redis is back, is taken and answered.
    await harness.redisUp();
    const taken = await harness.postEvent(slackEvent("app-mention"), {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_error",
    });
    expect(taken.status).toBe(200);
    await harness.answers(1);
    expect(harness.replyTexts(CHANNEL, ROOT)).toEqual([answer]);
  });

  it.each(["channel_not_found", "not_in_channel", "is_archived"])(
    "%s on chat.postMessage ends the job at once, without retries",
    async (error) => {
      harness = await startSlackHarness();
      const current = harness;
      harness.anthropic.enqueue({ kind: "answer", text: answer });
      harness.slack.failNext("chat.postMessage", { error });

      expect((await mention(harness)).status).toBe(200);
      await waitUntil(() => current.outcomes.length > 0, "an outcome");

      expect(current.outcomes[0]).toMatchObject({ outcome: "failed", attempt: 1 });
      const queue = current.pipeline.queue.queue;
      await waitUntil(async () => (await queue.getJobs(["failed"])).length === 1, "the failed record");
      expect((await queue.getJobs(["failed"]))[0]?.attemptsMade).toBe(1);
      expect(current.slack.callsTo("chat.postMessage")).toHaveLength(1);
      expect(current.anthropic.messageRequests().length).toBeLessThanOrEqual(1);
    },
  );

  it.each(["chat.postMessage", "chat.update"])(
    "a 429 with Retry-After on a streaming %s is honoured: no write of it until then, one answer, Claude asked once",
    async (method) => {
      harness = await startSlackHarness();
      const long = `${answer} `.repeat(6).trim();
      harness.anthropic.respondWith(() => ({ kind: "answer", text: long }));
      // Slow enough (~3 s) that the answer is posted early and then edited as it grows, from 2 s in.
      harness.anthropic.setPace({ tokensPerSecond: 40 });
      harness.slack.failNext(method, { status: 429, retryAfterSeconds: 2 });

      await mention(harness);
      await harness.answers(1);

      expect(harness.replyTexts(CHANNEL, ROOT)).toEqual([long]);
      // An update is optional: the refused one is skipped, not retried by asking Claude again.
      expect(harness.anthropic.messageRequests()).toHaveLength(1);
      const calls = harness.slack.callsTo(method);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      // Nothing of that method until Slack's Retry-After had passed (a lower bound, so no flake under load).
      expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
    },
  );

  it("a 429 with Retry-After on the final write waits in the queue, then the answer arrives once", async () => {
    harness = await startSlackHarness();
    const current = harness;
    harness.anthropic.respondWith(() => ({ kind: "answer", text: answer }));
    // Refuse the first post and then the final one: the final text cannot be skipped.
    harness.slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 120 });
    harness.slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 120 });

    await mention(harness);
    const queue = current.pipeline.queue.queue;
    await waitUntil(async () => (await queue.getJobs(["delayed"])).length === 1, "the job to wait");

    // Waiting, not failed: held back by at least Slack's Retry-After, not the test's short backoff.
    const [job] = await queue.getJobs(["delayed"]);
    expect(job?.delay).toBeGreaterThanOrEqual(120_000);
    expect(current.outcomes.filter((outcome) => outcome.outcome === "answered")).toEqual([]);
    await job?.promote();
    await current.answers(1);

    expect(current.replyTexts(CHANNEL, ROOT)).toEqual([answer]);
  });

  it("529 three times, then an answer: one answer, and the retry status shown meanwhile", async () => {
    harness = await startSlackHarness();
    const overloaded = { kind: "error", status: 529 } as const;
    harness.anthropic.enqueue(overloaded, overloaded, overloaded, { kind: "answer", text: answer });

    await mention(harness);
    const [outcome] = await harness.answers(1);

    expect(outcome?.outcome).toBe("answered");
    expect(harness.anthropic.messageRequests()).toHaveLength(4);
    expect(harness.replyTexts(CHANNEL, ROOT)).toEqual([answer]);
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(written(harness)).toContainEqual(expect.stringMatching(/Claude is busy.*attempt 2 of 4/));
  });
});
