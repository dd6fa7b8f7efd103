import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isEarlierTs, slackMessageToTurn } from "./thread-turns.js";

const replies = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/slack/conversations-replies.json", import.meta.url), "utf8"),
) as { messages: unknown[] };
const bot = { userId: "U0BOT", botId: "B0BOT" };

describe("slackMessageToTurn", () => {
  it("reads a conversations.replies page as the model's turns", () => {
    expect(replies.messages.map((message) => slackMessageToTurn(message, bot))).toEqual([
      {
        role: "user",
        text: "how do I fan out bids to 50k watchers?",
        author: "U0HUMAN",
        messageId: "1715001000.000001",
      },
      {
        role: "assistant",
        text: "Shard rooms by lot & broadcast through Redis.\n\n```ts\nif (a < b) fanOut();\n```",
      },
      {
        role: "user",
        text: "what about [sharded pub/sub](https://redis.io/docs/latest/develop/interact/pubsub/)?",
        author: "Bob Builder",
        messageId: "1715001020.000001",
      },
      undefined,
      { role: "user", text: "deploy 1234 finished", author: "deploybot", messageId: "1715001040.000001" },
      undefined,
    ]);
  });

  it("reads an answer with buttons from its markdown block, not its short notification text", () => {
    const whole = `Shard rooms by lot. ${"Then measure. ".repeat(40)}`;
    const message = {
      type: "message",
      ts: "1715001010.000001",
      bot_id: "B0BOT",
      text: `${whole.slice(0, 50)}…`,
      blocks: [
        { type: "markdown", text: whole },
        { type: "actions", elements: [{ type: "button", action_id: "rte_feedback_up", value: "slack-x" }] },
      ],
    };
    expect(slackMessageToTurn(message, bot)).toEqual({ role: "assistant", text: whole.trim() });
  });
});

describe("isEarlierTs", () => {
  it("orders Slack timestamps by seconds, then microseconds", () => {
    expect(isEarlierTs("1715000000.000100", "1715000000.000200")).toBe(true);
    expect(isEarlierTs("1715000000.000200", "1715000000.000100")).toBe(false);
    expect(isEarlierTs("999999999.999999", "1715000000.000000")).toBe(true);
    expect(isEarlierTs("1715000000.000100", "1715000000.000100")).toBe(false);
  });
});
