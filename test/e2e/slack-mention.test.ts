import { afterEach, describe, expect, it } from "vitest";
import { renderSlackMarkdown } from "../../src/adapters/slack/slack-format.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";

describe("Slack mentions and thread follow-ups, end to end", () => {
  let harness: SlackHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it("answers a mention once, in that message's thread, without the mention in the question", async () => {
    harness = await startSlackHarness({ RTE_STATUS_DELAY_MS: "0" });
    const answer =
      "Put the **Redis adapter** behind every node:\n\n```ts\nio.adapter(createAdapter(pub, sub));\n```";
    harness.anthropic.enqueue({ kind: "answer", text: answer });
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    const response = await harness.postEvent(mention);

    expect(response.status).toBe(200);
    await harness.answers(1);
    const replies = harness.botReplies(CHANNEL, ROOT);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ thread_ts: ROOT });
    expect(harness.replyTexts(CHANNEL, ROOT)).toEqual(renderSlackMarkdown(answer).messages);
    const [request] = harness.anthropic.messageRequests();
    expect(request?.body.messages).toEqual([
      { role: "user", content: "[U0HUMAN]: how do I scale socket.io past one node?" },
    ]);
    // Shown by the worker (at once here); Slack clears it when the answer posts, so rte does not.
    const statuses = harness.slack.callsTo("assistant.threads.setStatus").map((call) => call.args);
    expect(statuses).toEqual([{ channel_id: CHANNEL, thread_ts: ROOT, status: "is thinking…" }]);
    // The two timings only the adapter can take: the ack, and the answer first showing in Slack.
    const metrics = await harness.metrics.registry.metrics();
    expect(metrics).toMatch(/rte_ack_latency_seconds_count\{platform="slack"\} 1/);
    expect(metrics).toMatch(/rte_time_to_first_visible_text_seconds_count\{platform="slack"\} 1/);
  });

  it("costs a short answer two Slack calls: its first text, then its final text with 👍/👎 in one edit", async () => {
    // The status waits a minute here, so the answer always comes first and no status is shown.
    harness = await startSlackHarness({ RTE_STATUS_DELAY_MS: "60000" });
    harness.anthropic.enqueue({ kind: "answer", text: "Use the Redis adapter; keep sessions sticky." });
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    await harness.postEvent(mention);
    await harness.answers(1);

    const inThread = harness.slack.calls.filter(
      (call) => call.args.thread_ts === ROOT || call.args.ts === harness.botReplies(CHANNEL, ROOT)[0]?.ts,
    );
    expect(inThread.map((call) => call.method)).toEqual(["chat.postMessage", "chat.update"]);
    expect(inThread[1]?.args.blocks).toContainEqual(
      expect.objectContaining({ type: "actions", block_id: "rte_feedback" }),
    );
    expect(harness.replyTexts(CHANNEL, ROOT)).toEqual(["Use the Redis adapter; keep sessions sticky."]);
  });

  it("answers once when the mention arrives as message and app_mention, in either order, plus three retries", async () => {
    harness = await startSlackHarness();
    const mention = slackEvent("app-mention");
    const twin = slackEvent("message-mention");
    harness.seed(mention);

    const responses = await Promise.all([
      harness.postEvent(twin),
      harness.postEvent(mention),
      ...[1, 2, 3].map((retry) =>
        harness.postEvent(retry % 2 === 0 ? twin : mention, {
          "x-slack-retry-num": String(retry),
          "x-slack-retry-reason": "http_timeout",
        }),
      ),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    await harness.answers(1);
    expect(await harness.jobCount()).toBe(1);
    expect(harness.anthropic.messageRequests()).toHaveLength(1);
    expect(harness.botReplies(CHANNEL, ROOT)).toHaveLength(1);
  });

  it("answers a follow-up in the thread without a mention, with the earlier turns as context", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue(
      { kind: "answer", text: "Use the Redis adapter." },
      { kind: "answer", text: "Yes: enable stickiness on the target group." },
    );
    const mention = slackEvent("message-mention");
    harness.seed(mention);
    await harness.postEvent(mention);
    await harness.answers(1);

    const followUp = slackEvent("message-thread-reply");
    harness.seed(followUp);
    const response = await harness.postEvent(followUp);

    expect(response.status).toBe(200);
    await harness.answers(2);
    expect(harness.anthropic.messageRequests()[1]?.body.messages).toEqual([
      { role: "user", content: "[ada]: how do I scale socket.io past one node?" },
      { role: "assistant", content: "Use the Redis adapter." },
      { role: "user", content: "[ada]: and what about sticky sessions behind an ALB?" },
    ]);
    // The transcript held the whole thread: Slack's history was never read.
    expect(harness.slack.callsTo("conversations.replies")).toEqual([]);
    expect(harness.replyTexts(CHANNEL, ROOT)).toEqual([
      "Use the Redis adapter.",
      "Yes: enable stickiness on the target group.",
    ]);
  });

  it("stays out of threads it is not part of", async () => {
    harness = await startSlackHarness();
    const stranger = slackEvent("message-thread-reply", { thread_ts: "1715000050.000050" });
    harness.seed(stranger);

    const response = await harness.postEvent(stranger);

    expect(response.status).toBe(200);
    expect(await harness.jobCount()).toBe(0);
    expect(harness.anthropic.messageRequests()).toEqual([]);
  });

  it("reads a thread it was mentioned into halfway once, attributing everyone in it", async () => {
    harness = await startSlackHarness();
    const thread = "1715000000.000100";
    harness.slack.addMessage({
      channel: CHANNEL,
      ts: thread,
      user: "U0ALICE",
      text: "reconnect storms after every deploy",
    });
    harness.slack.addMessage({
      channel: CHANNEL,
      ts: "1715000010.000100",
      thread_ts: thread,
      user: "U0BOB",
      text: "all 40k clients come back in the same second &amp; the LB falls over",
    });
    harness.slack.addMessage({
      channel: CHANNEL,
      ts: "1715000015.000100",
      thread_ts: thread,
      bot_id: "B0OTHER",
      user: "U0DEPLOYBOT",
      text: "deploy 1234 finished",
    });
    const mention = slackEvent("app-mention", {
      ts: "1715000020.000100",
      thread_ts: thread,
      user: "U0CAROL",
      text: "<@U0BOT> how do we stop this?",
    });
    harness.seed(mention);
    await harness.postEvent(mention);
    await harness.answers(1);
    const followUp = slackEvent("message-thread-reply", { ts: "1715000030.000100", user: "U0CAROL" });
    harness.seed(followUp);
    await harness.postEvent(followUp);
    await harness.answers(2);

    const [first, second] = harness.anthropic.messageRequests();
    expect(first?.body.messages).toEqual([
      {
        role: "user",
        content: [
          "[U0ALICE]: reconnect storms after every deploy",
          "[U0BOB]: all 40k clients come back in the same second & the LB falls over",
          "[a bot]: deploy 1234 finished",
          "[U0CAROL]: how do we stop this?",
        ].join("\n\n"),
      },
    ]);
    expect(second?.body.messages.map((message: { role: string }) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
    ]);
    expect(second?.body.messages[0].content).toContain("[U0ALICE]: reconnect storms");
    expect(harness.slack.callsTo("conversations.replies")).toHaveLength(1);
  });
});
