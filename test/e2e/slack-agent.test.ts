import { afterEach, describe, expect, it } from "vitest";
import { postSignedCommand } from "../fakes/slack-signing.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, signingSecret, startSlackHarness } from "../support/slack-harness.js";

const DM = "D0DIRECT";
const DM_QUESTION = "1715000300.000400";
const CHANNEL = "C0CHANNEL";
const HUMAN = "U0HUMAN";

/** An Events API envelope for the agent events (shapes from @slack/types `AppHomeOpenedEvent` and kin). */
function envelope(event: Record<string, unknown>, id: string) {
  return {
    token: "XXYYZZ",
    team_id: "T0TEAM",
    api_app_id: "A0APP",
    type: "event_callback",
    event_id: id,
    event_time: 1715000400,
    event: { event_ts: "1715000400.000100", ...event },
  };
}

/** The text of every user turn the model was sent in its last request. */
function lastPrompt(harness: SlackHarness): string {
  const request = harness.anthropic.messageRequests().at(-1);
  return JSON.stringify(request?.body?.messages ?? []);
}

describe("Slack's agent surface", () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("sets 1–4 suggested prompts from the persona when the messages tab opens", async () => {
    harness = await startSlackHarness();
    const opened = envelope(
      { type: "app_home_opened", user: HUMAN, channel: DM, tab: "messages" },
      "Ev0HOME1",
    );
    expect((await harness.postEvent(opened)).status).toBe(200);
    const [call] = harness.slack.callsTo("assistant.threads.setSuggestedPrompts");
    expect(call?.args).toMatchObject({ channel_id: DM });
    const prompts = call?.args.prompts as Array<{ title: string; message: string }>;
    expect(prompts.length).toBeGreaterThanOrEqual(1);
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(prompts[0]?.title).toBe("socket.io and raw WebSockets");
    // The home tab is not the messages tab: no prompts there.
    const home = envelope({ type: "app_home_opened", user: HUMAN, channel: DM, tab: "home" }, "Ev0HOME2");
    expect((await harness.postEvent(home)).status).toBe(200);
    expect(harness.slack.callsTo("assistant.threads.setSuggestedPrompts")).toHaveLength(1);
  });

  it("marks a DM answer's session processing, then active, titled after the question", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({ kind: "answer", text: "Every 25 seconds." });
    const direct = slackEvent("message-im");
    harness.seed(direct);
    await harness.postEvent(direct);
    await harness.answers(1);
    const statuses = harness.slack.callsTo("agents.sessions.setStatus").map((call) => call.args);
    expect(statuses).toEqual([
      expect.objectContaining({
        channel_id: DM,
        thread_ts: DM_QUESTION,
        status: "processing",
        title: "what's a good heartbeat interval for mobile websockets?",
      }),
      expect.objectContaining({ channel_id: DM, thread_ts: DM_QUESTION, status: "active" }),
    ]);
    const processingAt = harness.slack.calls.findIndex((call) => call.method === "agents.sessions.setStatus");
    const streamAt = harness.slack.calls.findIndex((call) => call.method === "chat.startStream");
    expect(processingAt).toBeLessThan(streamAt);
  });

  it("stops a streaming DM answer on agent_session_stopped, with no appends after", async () => {
    harness = await startSlackHarness();
    const current = harness;
    harness.anthropic.setPace({ tokensPerSecond: 40 });
    const fullAnswer = "Measure one socket.io node before adding more. ".repeat(60).trim();
    harness.anthropic.enqueue({ kind: "answer", text: fullAnswer });
    const direct = slackEvent("message-im");
    harness.seed(direct);
    await harness.postEvent(direct);
    await harness.slack.waitFor(() => current.slack.callsTo("chat.appendStream").length > 0, 10_000);

    let appendedAfterStop = 0;
    const stopped = harness.slack.stopAgentSession(DM, DM_QUESTION, HUMAN);
    let startedAfterStop = 0;
    harness.slack.onCall((call, response) => {
      if (call.method === "chat.appendStream" && response?.ok === true) appendedAfterStop++;
      if (call.method === "chat.startStream") startedAfterStop++;
    });
    expect((await harness.postEvent(stopped)).status).toBe(200);
    await harness.slack.waitFor(() => current.outcomes.length > 0, 10_000);

    expect(harness.outcomes[0]?.outcome).toBe("stopped");
    expect(appendedAfterStop).toBe(0);
    // A stream the person stopped is not rolled over into a new one, as an expired stream would be.
    expect(startedAfterStop).toBe(0);
    expect(harness.botReplies(DM, DM_QUESTION)).toHaveLength(1);
    expect((harness.replyTexts(DM, DM_QUESTION)[0] ?? "").length).toBeLessThan(fullAnswer.length);
  });

  it("carries the channel someone is looking at into their next question", async () => {
    harness = await startSlackHarness();
    harness.slack.setTopic(CHANNEL, "Bidding service on-call");
    const changed = envelope(
      {
        type: "app_context_changed",
        user: HUMAN,
        channel: DM,
        context: { entities: [{ type: "slack#/types/channel_id", value: CHANNEL, team_id: "T0TEAM" }] },
      },
      "Ev0CONTEXT1",
    );
    expect((await harness.postEvent(changed)).status).toBe(200);
    harness.anthropic.enqueue({ kind: "answer", text: "Use a single writer per lot." });
    const direct = slackEvent("message-im");
    harness.seed(direct);
    await harness.postEvent(direct);
    await harness.answers(1);
    expect(lastPrompt(harness)).toContain(
      'looking at the Slack channel #channel-c0channel (topic: \\"Bidding service on-call\\")',
    );
  });

  it("answers 'Ask rte about this message' in the target message's thread", async () => {
    harness = await startSlackHarness();
    const target = harness.slack.addMessage({
      channel: CHANNEL,
      user: "U0OTHER",
      text: "our auction closes twice when two bids land in the same millisecond",
    });
    harness.anthropic.enqueue({ kind: "answer", text: "Accept bids through one atomic compare-and-set." });
    const payload = {
      type: "message_action",
      callback_id: "rte_ask_about_message",
      trigger_id: "1234567890.1234567890.abcdef",
      response_url: "https://hooks.slack.com/app/T0TEAM/1/abc",
      message_ts: target.ts,
      message: { type: "message", user: "U0OTHER", ts: target.ts, text: target.text },
      user: { id: HUMAN, name: "ada", username: "ada", team_id: "T0TEAM" },
      channel: { id: CHANNEL, name: "bidding" },
      team: { id: "T0TEAM", domain: "fake" },
      token: "XXYYZZ",
      action_ts: "1715000500.000100",
    };
    const response = await postSignedCommand(harness.url, signingSecret, {
      payload: JSON.stringify(payload),
    });
    expect(response.status).toBe(200);
    await harness.answers(1);

    const replies = harness.botReplies(CHANNEL, target.ts);
    expect(replies.map((message) => message.text ?? "")[0]).toBe(`<@${HUMAN}> asked rte about this message.`);
    expect(harness.replyTexts(CHANNEL, target.ts).at(-1)).toBe(
      "Accept bids through one atomic compare-and-set.",
    );
    expect(lastPrompt(harness)).toContain(
      "our auction closes twice when two bids land in the same millisecond",
    );
  });

  it("stores a click on Slack's native 👍 under a DM answer in the feedback store", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({ kind: "answer", text: "Every 25 seconds." });
    const direct = slackEvent("message-im");
    harness.seed(direct);
    await harness.postEvent(direct);
    await harness.answers(1);
    const askId = `slack-T0TEAM-${DM}-${DM_QUESTION}`;
    const [answer] = harness.botReplies(DM, DM_QUESTION);
    const payload = {
      type: "block_actions",
      team: { id: "T0TEAM", domain: "fake" },
      user: { id: HUMAN, username: "ada", team_id: "T0TEAM" },
      api_app_id: "A0APP",
      token: "XXYYZZ",
      trigger_id: "1234567890.1234567890.abcdef",
      container: { type: "message", message_ts: answer?.ts, channel_id: DM, is_ephemeral: false },
      channel: { id: DM, name: "directmessage" },
      message: { ts: answer?.ts, thread_ts: DM_QUESTION, type: "message", user: "U0BOT", bot_id: "B0BOT" },
      actions: [
        {
          type: "feedback_buttons",
          action_id: "rte_feedback",
          block_id: "Xy1z",
          value: `up:${askId}`,
          action_ts: "1715000400.000001",
        },
      ],
    };
    const response = await postSignedCommand(harness.url, signingSecret, {
      payload: JSON.stringify(payload),
    });
    expect(response.status).toBe(200);
    expect(await harness.pipeline.feedback.recent(10)).toEqual([
      expect.objectContaining({ askId, verdict: "up", userId: HUMAN }),
    ]);
  });
});
