import { afterEach, describe, expect, it } from "vitest";
import { usage } from "../../src/adapters/slack/slash-command.js";
import { signSlackRequest } from "../fakes/slack-signing.js";
import { type SlackEventFixture, slackEvent, slashCommand } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, signingSecret, startSlackHarness } from "../support/slack-harness.js";

const CHANNEL = "C0CHANNEL";

describe("Slack ingress, end to end", () => {
  let harness: SlackHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it("/rte: answers 200 once the question is posted and queued, then answers in the root's thread", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({
      kind: "answer",
      text: "Fan out through Redis pub/sub, one channel per lot.",
    });

    const response = await harness.postCommand(slashCommand());

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    // Both happened before Slack got its 200: the visible root message and the durable job.
    const [root] = harness.slack.messages(CHANNEL);
    expect(root).toMatchObject({
      bot_id: "B0BOT",
      text: "<@U0HUMAN> asked: how do I fan out bids to 50k watchers?",
    });
    expect(await harness.pipeline.queue.queue.getJob(`slack-T0TEAM-${CHANNEL}-${root?.ts}`)).toBeDefined();
    await harness.answers(1);
    expect(harness.replyTexts(CHANNEL, root?.ts ?? "")).toEqual([
      "Fan out through Redis pub/sub, one channel per lot.",
    ]);
    expect(harness.anthropic.messageRequests()[0]?.body.messages).toEqual([
      { role: "user", content: "[ada]: how do I fan out bids to 50k watchers?" },
    ]);
    // The command's response_url stays at the edge.
    const job = await harness.pipeline.queue.queue.getJob(`slack-T0TEAM-${CHANNEL}-${root?.ts}`);
    expect(JSON.stringify(job?.data)).not.toMatch(/hooks\.slack\.com|xoxb/);
  });

  it("/rte follow-ups in the root's thread need no mention", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue(
      { kind: "answer", text: "One room per lot." },
      { kind: "answer", text: "Yes." },
    );
    await harness.postCommand(slashCommand());
    await harness.answers(1);
    const rootTs = harness.slack.messages(CHANNEL)[0]?.ts ?? "";

    const followUp = slackEvent("message-thread-reply", {
      thread_ts: rootTs,
      ts: "1800000000.000001",
      text: "per bidder too?",
    });
    harness.seed(followUp);
    await harness.postEvent(followUp);
    await harness.answers(2);

    expect(harness.anthropic.messageRequests()[1]?.body.messages).toEqual([
      { role: "user", content: "[ada]: how do I fan out bids to 50k watchers?" },
      { role: "assistant", content: "One room per lot." },
      { role: "user", content: "[ada]: per bidder too?" },
    ]);
  });

  it.each(["", "help"])(
    "/rte %j answers the asker alone with usage, which says threads can't take commands",
    async (text) => {
      harness = await startSlackHarness();

      const response = await harness.postCommand(slashCommand({ text }));

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ response_type: "ephemeral", text: usage });
      expect(usage).toContain("can't be used inside threads");
      expect(harness.slack.messages(CHANNEL)).toEqual([]);
      expect(await harness.jobCount()).toBe(0);
    },
  );

  it.each([
    ["not_in_channel", "Add me with `/invite @rte`"],
    ["is_archived", "This channel is archived"],
  ])(
    "/rte where Slack answers %s tells the asker alone what to do, and queues nothing",
    async (error, fix) => {
      harness = await startSlackHarness();
      harness.slack.failNext("chat.postMessage", { error });

      const response = await harness.postCommand(slashCommand());

      expect(response.status).toBe(200);
      const reply = (await response.json()) as { response_type: string; text: string };
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain(fix);
      expect(await harness.jobCount()).toBe(0);
      expect(harness.anthropic.messageRequests()).toEqual([]);
    },
  );

  it("refuses a bad or stale signature with 401, and nothing reaches Claude", async () => {
    harness = await startSlackHarness();
    const mention = slackEvent("app-mention");
    const body = JSON.stringify(mention);
    const post = (headers: Record<string, string>) =>
      fetch(harness.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });

    const forged = await post(signSlackRequest("not-the-secret", body));
    const stale = await post(signSlackRequest(signingSecret, body, Math.floor(Date.now() / 1000) - 600));
    const unsigned = await post({});

    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(await harness.jobCount()).toBe(0);
    expect(harness.anthropic.messageRequests()).toEqual([]);
  });

  it.each<SlackEventFixture>([
    "message-own",
    "message-other-bot",
    "message-bot-message",
    "message-changed",
    "message-channel-join",
    "message-top-level",
  ])("acknowledges %s and does nothing else", async (fixture) => {
    harness = await startSlackHarness();

    const response = await harness.postEvent(slackEvent(fixture));

    expect(response.status).toBe(200);
    expect(await harness.jobCount()).toBe(0);
    expect(harness.anthropic.messageRequests()).toEqual([]);
    expect(harness.slack.calls.map((call) => call.method)).toEqual(["auth.test"]);
  });

  it("answers non-2xx while the question cannot be stored, and once when Slack retries after recovery", async () => {
    harness = await startSlackHarness();
    const mention = slackEvent("app-mention");
    harness.seed(mention);
    await harness.redisDown();

    const whileDown = await harness.postEvent(mention);

    expect(whileDown.status).toBeGreaterThanOrEqual(500);
    await harness.redisUp();
    expect(await harness.jobCount()).toBe(0);
    const retried = await harness.postEvent(mention, {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_error",
    });
    expect(retried.status).toBe(200);
    await harness.answers(1);
    expect(harness.botReplies(CHANNEL, mention.event.ts)).toHaveLength(1);
  });

  it("declines outside the allowlist, privately and once, though Slack delivers the mention twice", async () => {
    harness = await startSlackHarness({ RTE_ALLOWED_CHANNELS: "C0ELSEWHERE" });
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    const responses = await Promise.all([
      harness.postEvent(mention),
      harness.postEvent(slackEvent("message-mention")),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(await harness.jobCount()).toBe(0);
    await harness.slack.waitFor(() => harness.slack.callsTo("chat.postEphemeral").length === 1);
    expect(harness.slack.callsTo("chat.postEphemeral")[0]?.args).toMatchObject({
      channel: CHANNEL,
      user: "U0HUMAN",
      text: expect.stringContaining("RTE_ALLOWED_CHANNELS"),
    });
    expect(harness.anthropic.messageRequests()).toEqual([]);
  });
});
