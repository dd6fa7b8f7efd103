import { afterEach, describe, expect, it } from "vitest";
import { usage } from "../../src/adapters/slack/slash-command.js";
import type { FakeSocketMode } from "../fakes/slack/socket-mode.js";
import { slackEvent, slashCommand } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";

describe("Slack over Socket Mode, end to end", () => {
  let harness: SlackHarness;
  let socket: FakeSocketMode;
  afterEach(async () => {
    await harness?.close();
  });
  const start = async () => {
    harness = await startSlackHarness({}, { socketMode: true });
    if (!harness.slack.socketMode) throw new Error("the fake has no Socket Mode");
    socket = harness.slack.socketMode;
  };

  it("connects through SLACK_API_URL and answers a mention once, though it arrives twice", async () => {
    await start();
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    const acks = await Promise.all([socket.deliver(mention), socket.deliver(slackEvent("message-mention"))]);

    expect(acks).toEqual([expect.objectContaining({ envelope_id: expect.any(String) }), expect.anything()]);
    await harness.answers(1);
    expect(harness.botReplies(CHANNEL, ROOT)).toHaveLength(1);
    expect(harness.slack.callsTo("apps.connections.open")[0]?.token).toBe(socket.appToken);
  });

  it("withholds the ack while the question cannot be stored, so Slack's redelivery is answered", async () => {
    await start();
    const mention = slackEvent("app-mention");
    harness.seed(mention);
    await harness.redisDown();

    const whileDown = await socket.deliver(mention, { waitMs: 1_000 });

    expect(whileDown).toBeUndefined();
    await harness.redisUp();
    expect(await socket.deliver(mention, { retryAttempt: 1 })).toBeDefined();
    await harness.answers(1);
    expect(harness.botReplies(CHANNEL, ROOT)).toHaveLength(1);
  });

  it("takes /rte over the socket: usage privately, questions as threads", async () => {
    await start();

    const help = await socket.deliver(slashCommand({ text: "help" }), { type: "slash_commands" });
    const asked = await socket.deliver(slashCommand(), { type: "slash_commands" });

    expect(help?.payload).toEqual({ response_type: "ephemeral", text: usage });
    expect(asked?.payload).toEqual({});
    const [root] = harness.slack.messages(CHANNEL);
    expect(root?.text).toBe("<@U0HUMAN> asked: how do I fan out bids to 50k watchers?");
    await harness.answers(1);
    expect(harness.botReplies(CHANNEL, root?.ts ?? "")).toHaveLength(1);
  });
});
