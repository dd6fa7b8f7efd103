import { afterEach, describe, expect, it } from "vitest";
import type { SlackMessage } from "../fakes/fake-slack.js";
import { postSignedCommand } from "../fakes/slack-signing.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, signingSecret, startSlackHarness } from "../support/slack-harness.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";
const askId = `slack-T0TEAM-${CHANNEL}-${ROOT}`;
const otherHuman = "U0OTHER";

/** `action_id=value` of a message's buttons. */
function buttons(message: SlackMessage | undefined): string[] {
  const blocks = (message?.blocks ?? []) as Array<{
    type: string;
    elements?: Array<{ action_id: string; value: string }>;
  }>;
  return blocks
    .filter((block) => block.type === "actions")
    .flatMap((block) => (block.elements ?? []).map((button) => `${button.action_id}=${button.value}`));
}

/** A click as Slack delivers it: a signed form post whose `payload` is the block_actions JSON. */
function click(harness: SlackHarness, message: SlackMessage | undefined, actionId: string, user = "U0HUMAN") {
  const payload = {
    type: "block_actions",
    team: { id: "T0TEAM", domain: "fake" },
    user: { id: user, username: "ada", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    token: "XXYYZZ",
    trigger_id: "1234567890.1234567890.abcdef",
    container: { type: "message", message_ts: message?.ts, channel_id: CHANNEL, is_ephemeral: false },
    channel: { id: CHANNEL, name: "general" },
    message: { ts: message?.ts, thread_ts: ROOT, type: "message", user: "U0BOT", bot_id: "B0BOT" },
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: "rte_controls",
        value: askId,
        action_ts: "1715000400.000001",
        text: { type: "plain_text", text: "x" },
      },
    ],
  };
  return postSignedCommand(harness.url, signingSecret, { payload: JSON.stringify(payload) });
}

function submitComment(harness: SlackHarness, privateMetadata: string, comment: string) {
  const payload = {
    type: "view_submission",
    team: { id: "T0TEAM", domain: "fake" },
    user: { id: otherHuman, username: "grace", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    token: "XXYYZZ",
    trigger_id: "1234567890.1234567890.fedcba",
    view: {
      id: "V0VIEW",
      team_id: "T0TEAM",
      type: "modal",
      callback_id: "rte_feedback_comment",
      private_metadata: privateMetadata,
      state: { values: { comment: { comment_input: { type: "plain_text_input", value: ` ${comment} ` } } } },
    },
  };
  return postSignedCommand(harness.url, signingSecret, { payload: JSON.stringify(payload) });
}

describe("the buttons on a Slack answer", () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("puts 👍/👎 on the finished answer; clicks are acknowledged and stored, 👎 opens a comment modal", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({ kind: "answer", text: "Use sticky sessions behind the load balancer." });
    const mention = slackEvent("app-mention");
    harness.seed(mention);
    await harness.postEvent(mention);
    await harness.answers(1);

    const [answer] = harness.botReplies(CHANNEL, ROOT);
    expect(buttons(answer)).toEqual([`rte_feedback_up=${askId}`, `rte_feedback_down=${askId}`]);
    expect(harness.replyTexts(CHANNEL, ROOT)).toEqual(["Use sticky sessions behind the load balancer."]);

    expect((await click(harness, answer, "rte_feedback_up")).status).toBe(200);
    expect(harness.slack.callsTo("chat.postEphemeral").at(-1)?.args).toMatchObject({
      channel: CHANNEL,
      user: "U0HUMAN",
      text: "Thanks for the feedback!",
    });

    expect((await click(harness, answer, "rte_feedback_down", otherHuman)).status).toBe(200);
    const [opened] = harness.slack.callsTo("views.open");
    expect(opened?.args).toMatchObject({
      trigger_id: "1234567890.1234567890.abcdef",
      view: { type: "modal", callback_id: "rte_feedback_comment", private_metadata: askId },
    });
    expect((await submitComment(harness, askId, "It ignored that we run on Kubernetes.")).status).toBe(200);

    const feedback = await harness.pipeline.feedback.recent(10);
    expect(feedback).toEqual([
      expect.objectContaining({
        askId,
        verdict: "down",
        userId: otherHuman,
        comment: "It ignored that we run on Kubernetes.",
      }),
      expect.objectContaining({ askId, verdict: "up", userId: "U0HUMAN" }),
    ]);
    expect(feedback[0]?.answer).toMatchObject({ answer: "Use sticky sessions behind the load balancer." });
    // Nothing secret rides on a button: its value is the Ask id.
    expect(JSON.stringify(answer?.blocks)).not.toMatch(/xoxb|hooks\.slack\.com/);
  });

  it("puts Stop on the first message while it streams; a click stops the answer, and it is not rated", async () => {
    harness = await startSlackHarness();
    const current = harness;
    harness.anthropic.setPace({ tokensPerSecond: 40 });
    const fullAnswer = "Start with one socket.io node and measure. ".repeat(40).trim();
    harness.anthropic.enqueue({ kind: "answer", text: fullAnswer });
    const mention = slackEvent("app-mention");
    harness.seed(mention);
    await harness.postEvent(mention);

    await harness.slack.waitFor(() => buttons(current.botReplies(CHANNEL, ROOT)[0]).length > 0, 10_000);
    const [first] = harness.botReplies(CHANNEL, ROOT);
    expect(buttons(first)).toEqual([`rte_stop=${askId}`]);
    expect((await click(harness, first, "rte_stop")).status).toBe(200);
    await harness.slack.waitFor(() => current.outcomes.length > 0, 10_000);

    expect(harness.outcomes[0]?.outcome).toBe("stopped");
    const messages = harness.botReplies(CHANNEL, ROOT);
    expect(messages).toHaveLength(1);
    const shown = harness.replyTexts(CHANNEL, ROOT)[0] ?? "";
    expect(shown).toMatch(/_\(Stopped\.\)_$/);
    expect(shown.length).toBeLessThan(fullAnswer.length);
    // The Stop button is gone and no 👍/👎 came: a stopped answer is not rated.
    expect(buttons(messages[0])).toEqual([]);
  });

  it("ignores a click whose value is not an Ask id, and acknowledges it all the same", async () => {
    harness = await startSlackHarness();
    const response = await click(harness, { ts: "1715000000.000200", channel: CHANNEL }, "rte_unknown");
    expect(response.status).toBe(200);
    expect(await harness.pipeline.feedback.recent(10)).toEqual([]);
  });
});
