import { describe, expect, it } from "vitest";
import { slackEvent, slashCommand } from "../../../test/fixtures/slack/fixtures.js";
import { commandAsk, decideSlackEvent, type SlackEventDecision } from "./slack-events.js";

const context = { botUserId: "U0BOT", teamId: "T0TEAM", receivedAt: 1_715_000_000_500 };

function askOf(decision: SlackEventDecision) {
  if (decision.kind !== "ask") throw new Error(`expected an ask, got: ${decision.reason}`);
  return decision;
}

describe("decideSlackEvent", () => {
  it("maps an app_mention to a question in that message's thread, without the mention", () => {
    const { ask, followUp } = askOf(decideSlackEvent(slackEvent("app-mention").event, context));

    expect(followUp).toBe(false);
    expect(ask).toEqual({
      id: "slack-T0TEAM-C0CHANNEL-1715000000.000100",
      conversation: {
        platform: "slack",
        workspace: "T0TEAM",
        channel: "C0CHANNEL",
        thread: "1715000000.000100",
      },
      messageId: "1715000000.000100",
      author: { id: "U0HUMAN" },
      text: "how do I scale socket.io past one node?",
      trigger: "mention",
      receivedAt: context.receivedAt,
    });
  });

  it("maps the message twin of a mention to the same question, so the queue keeps one", () => {
    const fromMention = askOf(decideSlackEvent(slackEvent("app-mention").event, context)).ask;
    const fromMessage = askOf(decideSlackEvent(slackEvent("message-mention").event, context)).ask;

    expect(fromMessage.id).toBe(fromMention.id);
    expect(fromMessage.trigger).toBe("mention");
    expect(fromMessage.text).toBe(fromMention.text);
    expect(fromMessage.author).toEqual({ id: "U0HUMAN", name: "ada" });
  });

  it("answers a mention inside a thread in that thread", () => {
    const event = slackEvent("app-mention", {
      ts: "1715000050.000150",
      thread_ts: "1715000000.000100",
    }).event;

    const { ask } = askOf(decideSlackEvent(event, context));

    expect(ask.conversation.thread).toBe("1715000000.000100");
    expect(ask.messageId).toBe("1715000050.000150");
  });

  it("marks an unmentioned thread reply as a follow-up, which needs a thread the bot is part of", () => {
    const decision = askOf(decideSlackEvent(slackEvent("message-thread-reply").event, context));

    expect(decision.followUp).toBe(true);
    expect(decision.ask.trigger).toBe("follow-up");
    expect(decision.ask.conversation.thread).toBe("1715000000.000100");
  });

  it("treats a reply broadcast to the channel as a reply", () => {
    const decision = askOf(decideSlackEvent(slackEvent("message-thread-broadcast").event, context));

    expect(decision.followUp).toBe(true);
    expect(decision.ask.conversation.thread).toBe("1715000000.000100");
  });

  it("takes every direct message as a question, threaded under itself", () => {
    const { ask, followUp } = askOf(decideSlackEvent(slackEvent("message-im").event, context));

    expect(followUp).toBe(false);
    expect(ask.trigger).toBe("direct-message");
    expect(ask.conversation).toEqual({
      platform: "slack",
      workspace: "T0TEAM",
      channel: "D0DIRECT",
      thread: "1715000300.000400",
    });
  });

  it.each([
    ["message-top-level", "a channel message without a mention"],
    ["message-other-bot", "from a bot"],
    ["message-bot-message", "subtype bot_message"],
    ["message-own", "from a bot"],
    ["message-changed", "subtype message_changed"],
    ["message-channel-join", "subtype channel_join"],
  ] as const)("ignores %s (%s)", (fixture, reason) => {
    expect(decideSlackEvent(slackEvent(fixture).event, context)).toEqual({ kind: "ignore", reason });
  });

  it("ignores its own user even without a bot_id, and shrugs off malformed payloads", () => {
    const own = slackEvent("message-mention", { user: "U0BOT" }).event;

    expect(decideSlackEvent(own, context)).toEqual({ kind: "ignore", reason: "from rte itself" });
    expect(decideSlackEvent(null, context).kind).toBe("ignore");
    expect(decideSlackEvent({ type: "message", text: 42 }, context).kind).toBe("ignore");
    expect(decideSlackEvent({ type: "reaction_added" }, context).kind).toBe("ignore");
  });

  it("turns Slack's escaped text back into what the person typed", () => {
    const event = slackEvent("app-mention", {
      text: "<@U0BOT|rte> is `if (a &lt; b &amp;&amp; c &gt; d)` safe? see <https://socket.io/docs|the docs> in <#C0OTHER|ops>",
    }).event;

    expect(askOf(decideSlackEvent(event, context)).ask.text).toBe(
      "is `if (a < b && c > d)` safe? see [the docs](https://socket.io/docs) in #ops",
    );
  });

  it("keeps the indentation of pasted code when stripping the mention", () => {
    const event = slackEvent("app-mention", { text: "<@U0BOT> why?\n```\n    indented()\n```" }).event;

    expect(askOf(decideSlackEvent(event, context)).ask.text).toBe("why?\n```\n    indented()\n```");
  });
});

describe("commandAsk", () => {
  it("makes /rte an ordinary thread under the root message the bot posted", () => {
    const ask = commandAsk(slashCommand(), "1715001000.000001", 5);

    expect(ask).toEqual({
      id: "slack-T0TEAM-C0CHANNEL-1715001000.000001",
      conversation: {
        platform: "slack",
        workspace: "T0TEAM",
        channel: "C0CHANNEL",
        thread: "1715001000.000001",
      },
      messageId: "1715001000.000001",
      author: { id: "U0HUMAN", name: "ada" },
      text: "how do I fan out bids to 50k watchers?",
      trigger: "command",
      receivedAt: 5,
    });
    expect(JSON.stringify(ask)).not.toContain("hooks.slack.com");
  });
});
