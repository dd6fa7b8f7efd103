import type { APIMessage } from "@discordjs/core/http-only";
import { describe, expect, it } from "vitest";
import { botMessage, guildMessage, ids } from "../../../test/fixtures/discord-payloads.js";
import type { Ask } from "../../core/ask.js";
import { conversationTurns } from "./conversation-turns.js";

const ask: Ask = {
  id: "discord-900",
  conversation: { platform: "discord", workspace: ids.guild, channel: ids.channel, thread: ids.thread },
  messageId: "900",
  author: { id: ids.human, name: "Mason" },
  text: "and across regions?",
  trigger: "follow-up",
  receivedAt: 0,
};

function human(id: string, content: string): APIMessage {
  return guildMessage({ id, channel_id: ids.thread, content, mentions: [] }) as APIMessage;
}

function bot(id: string, content: string): APIMessage {
  return botMessage({ id, channel_id: ids.thread, content });
}

describe("conversationTurns", () => {
  it("reads people as user turns and the bot as assistant turns, the question last", () => {
    const turns = conversationTurns({
      messages: [human("100", `<@${ids.bot}> how do I fan out bids?`), bot("101", "Use rooms.")],
      transcript: [],
      ask,
      botUserId: ids.bot,
      attribute: true,
    });

    expect(turns).toEqual([
      { role: "user", text: "how do I fan out bids?", messageId: "100", author: "Mason" },
      { role: "assistant", text: "Use rooms.", messageId: "101" },
      { role: "user", text: "and across regions?", messageId: "900", author: "Mason" },
    ]);
  });

  it("stands the thread's starter message in for the message it was started from", () => {
    const source = human(ids.thread, `<@${ids.bot}> how do I fan out bids?`);
    const starter = { ...human("102", ""), type: 21, referenced_message: source } as APIMessage;

    const turns = conversationTurns({
      messages: [starter, bot("103", "Use rooms.")],
      transcript: [],
      ask,
      botUserId: ids.bot,
      attribute: false,
    });

    expect(turns.map((turn) => [turn.role, turn.text])).toEqual([
      ["user", "how do I fan out bids?"],
      ["assistant", "Use rooms."],
      ["user", "and across regions?"],
    ]);
  });

  it("takes an earlier answer whole from the transcript instead of the split, rendered messages", () => {
    const turns = conversationTurns({
      messages: [
        human("100", "compare SSE and WebSockets"),
        bot("101", "- **SSE** — one way"),
        bot("102", "(part 2)"),
      ],
      transcript: [
        { role: "user", text: "compare SSE and WebSockets", author: "Mason", messageId: "100" },
        { role: "assistant", text: "| Transport | Direction |\n| --- | --- |\n| SSE | one way |" },
      ],
      ask,
      botUserId: ids.bot,
      attribute: false,
    });

    expect(turns.map((turn) => turn.text)).toEqual([
      "compare SSE and WebSockets",
      "| Transport | Direction |\n| --- | --- |\n| SSE | one way |",
      "and across regions?",
    ]);
  });

  it("fills a question shown empty (no Message Content intent) from the transcript, else leaves it out", () => {
    const turns = conversationTurns({
      messages: [human("100", ""), human("104", "")],
      transcript: [
        { role: "user", text: "what about presence?", messageId: "100" },
        { role: "assistant", text: "Use a TTL key." },
      ],
      ask,
      botUserId: ids.bot,
      attribute: false,
    });

    expect(turns.map((turn) => turn.text)).toEqual([
      "what about presence?",
      "Use a TTL key.",
      "and across regions?",
    ]);
  });

  it("reads a /rte response message as the asker's question", () => {
    const echo = botMessage({
      id: "105",
      type: 20,
      content: "> how do I order bids?",
      interaction_metadata: {
        id: ids.interaction,
        type: 2,
        user: { id: ids.human, username: "mason", discriminator: "0", avatar: null, global_name: "Mason" },
        authorizing_integration_owners: { "0": ids.guild },
      },
    } as Partial<APIMessage>);
    const starter = { ...human("106", ""), type: 21, referenced_message: echo } as APIMessage;

    const turns = conversationTurns({
      messages: [starter, bot("107", "Sequence numbers.")],
      transcript: [],
      ask,
      botUserId: ids.bot,
      attribute: true,
    });

    expect(turns.slice(0, 2)).toEqual([
      { role: "user", text: "how do I order bids?", messageId: "105", author: "Mason" },
      { role: "assistant", text: "Sequence numbers.", messageId: "107" },
    ]);
  });

  it("leaves out system messages and the bot's empty ones", () => {
    const pin = { ...human("108", ""), type: 6 } as APIMessage;
    const turns = conversationTurns({
      messages: [pin, bot("109", "")],
      transcript: [],
      ask,
      botUserId: ids.bot,
      attribute: false,
    });
    expect(turns).toHaveLength(1);
  });
});
