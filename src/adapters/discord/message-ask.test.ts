import { ChannelType } from "@discordjs/core/http-only";
import { describe, expect, it } from "vitest";
import { directMessage, guildMessage, ids } from "../../../test/fixtures/discord-payloads.js";
import { type MessageContext, mapMessage, stripBotMention } from "./message-ask.js";

const receivedAt = 1_700_000_000_000;
const inChannel: MessageContext = {
  botUserId: ids.bot,
  botRoleId: ids.botRole,
  channel: { type: ChannelType.GuildText, parentId: null },
  receivedAt,
};
const inThread: MessageContext = {
  ...inChannel,
  channel: { type: ChannelType.PublicThread, parentId: ids.channel },
};

describe("mapMessage", () => {
  it("turns a mention in a text channel into a question for the thread started from that message", () => {
    const decision = mapMessage(guildMessage(), inChannel);

    expect(decision).toEqual({
      kind: "ask",
      ask: {
        id: `discord-${ids.message}`,
        conversation: {
          platform: "discord",
          workspace: ids.guild,
          channel: ids.channel,
          thread: ids.message,
        },
        messageId: ids.message,
        author: { id: ids.human, name: "Mason" },
        text: "how do I scale socket.io past one node?",
        trigger: "mention",
        receivedAt,
      },
    });
  });

  it("answers a mention inside a thread in that thread, keyed to the thread's parent channel", () => {
    const decision = mapMessage(guildMessage({ channel_id: ids.thread, channel_type: 11 }), inThread);

    expect(decision).toMatchObject({
      kind: "ask",
      ask: {
        conversation: { workspace: ids.guild, channel: ids.channel, thread: ids.thread },
        trigger: "mention",
      },
    });
  });

  it("treats an unaddressed message in a thread as a possible follow-up", () => {
    const decision = mapMessage(
      guildMessage({ channel_id: ids.thread, content: "and with sticky sessions?", mentions: [] }),
      inThread,
    );

    expect(decision).toMatchObject({
      kind: "ask",
      ask: { text: "and with sticky sessions?", trigger: "follow-up" },
    });
  });

  it("ignores an unaddressed follow-up that arrived empty (no Message Content intent)", () => {
    const decision = mapMessage(
      guildMessage({ channel_id: ids.thread, content: "", mentions: [] }),
      inThread,
    );
    expect(decision).toEqual({ kind: "ignore", reason: "no text" });
  });

  it("answers a DM directly, in the DM channel", () => {
    const decision = mapMessage(directMessage(), {
      ...inChannel,
      channel: { type: ChannelType.DM, parentId: null },
    });

    expect(decision).toMatchObject({
      kind: "ask",
      ask: {
        conversation: { workspace: "@me", channel: ids.dm, thread: ids.dm },
        text: "what's a good heartbeat interval for mobile clients?",
        trigger: "direct-message",
      },
    });
  });

  it("counts a mention of the bot's managed role as a mention", () => {
    const decision = mapMessage(
      guildMessage({
        content: `<@&${ids.botRole}> what is jitter?`,
        mentions: [],
        mention_roles: [ids.botRole],
      }),
      inChannel,
    );
    expect(decision).toMatchObject({ kind: "ask", ask: { text: "what is jitter?", trigger: "mention" } });
  });

  it("ignores channel messages that do not mention the bot", () => {
    const decision = mapMessage(guildMessage({ content: "lunch?", mentions: [] }), inChannel);
    expect(decision).toEqual({ kind: "ignore", reason: "not addressed to the bot" });
  });

  it.each([
    [
      "own message",
      { author: { id: ids.bot, username: "rte", discriminator: "0000", avatar: null, bot: true } },
    ],
    [
      "from a bot",
      { author: { id: ids.otherBot, username: "ci", discriminator: "0000", avatar: null, bot: true } },
    ],
    [
      "from a webhook",
      {
        webhook_id: ids.webhook,
        author: { id: ids.webhook, username: "Captain Hook", discriminator: "0000", avatar: null, bot: true },
      },
    ],
    ["system message", { type: 7 }],
    ["system message", { type: 21 }],
    ["system message", { type: 20 }],
  ] as const)("ignores a mention that is %s", (reason, overrides) => {
    const decision = mapMessage(guildMessage(overrides as never), inChannel);
    expect(decision).toEqual({ kind: "ignore", reason });
  });

  it("accepts a reply (type 19) that pings the bot", () => {
    const decision = mapMessage(guildMessage({ type: 19 }), inChannel);
    expect(decision.kind).toBe("ask");
  });

  it("prefers the member's nickname, then the global name, for the author", () => {
    const base = guildMessage();
    const decision = mapMessage(
      guildMessage({ member: { ...(base.member as object), nick: "mase" } as never }),
      inChannel,
    );
    expect(decision).toMatchObject({ ask: { author: { name: "mase" } } });
  });
});

describe("stripBotMention", () => {
  const context = { botUserId: ids.bot, botRoleId: ids.botRole };

  it("removes every form of the bot's mention and the punctuation after it", () => {
    expect(stripBotMention(`<@!${ids.bot}>, what's a CRDT?`, context)).toBe("what's a CRDT?");
    expect(stripBotMention(`Hey <@${ids.bot}>: explain backpressure`, context)).toBe(
      "Hey explain backpressure",
    );
    expect(stripBotMention(`<@${ids.bot}>`, context)).toBe("");
  });

  it("keeps other people's mentions and the text's line breaks", () => {
    expect(stripBotMention(`<@${ids.bot}> ask <@${ids.human}>\nsecond line`, context)).toBe(
      `ask <@${ids.human}>\nsecond line`,
    );
  });
});
