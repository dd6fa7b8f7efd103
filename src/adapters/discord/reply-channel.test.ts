import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../../test/fakes/fake-discord.js";
import type { Ask } from "../../core/ask.js";
import { silentLogger } from "../../core/logger.js";
import { createDiscordApi } from "./discord-rest.js";
import { openReplyChannel } from "./reply-channel.js";

describe("openReplyChannel", () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    await fake.close();
  });

  const mentionAsk = (messageId: string): Ask => ({
    id: `discord-${messageId}`,
    conversation: {
      platform: "discord",
      workspace: fake.guildId,
      channel: fake.channelId,
      thread: messageId,
    },
    messageId,
    author: { id: fake.humanUserId, name: "alice" },
    text: "how do I shard presence?",
    trigger: "mention",
    receivedAt: 0,
  });
  const api = () => createDiscordApi({ token: fake.token, apiUrl: fake.apiUrl });

  it("starts the thread from the question, named after it; a retried attempt finds it there", async () => {
    const question = await fake.userSays({ content: `<@${fake.botUserId}> how do I shard presence?` });

    const first = await openReplyChannel(api(), mentionAsk(question.id), silentLogger);
    const again = await openReplyChannel(api(), mentionAsk(question.id), silentLogger);

    expect(first).toEqual({ channelId: question.id, replyTo: undefined });
    expect(again).toEqual(first);
    expect(fake.threads()).toMatchObject([{ id: question.id, name: "how do I shard presence?" }]);
  });

  it("answers in the channel, as a reply, where no thread can be started", async () => {
    const question = await fake.userSays({ content: `<@${fake.botUserId}> how do I shard presence?` });
    fake.failNext("POST", /\/threads$/, {
      status: 400,
      code: 50024,
      message: "Cannot execute action on this channel type",
    });

    const target = await openReplyChannel(api(), mentionAsk(question.id), silentLogger);

    expect(target).toEqual({ channelId: fake.channelId, replyTo: question.id });
  });

  it("answers a question asked inside a thread or DM right there, replying to it", async () => {
    const ask: Ask = {
      ...mentionAsk("1200000000000000001"),
      conversation: {
        platform: "discord",
        workspace: "@me",
        channel: fake.dmChannelId,
        thread: fake.dmChannelId,
      },
    };

    expect(await openReplyChannel(api(), ask, silentLogger)).toEqual({
      channelId: fake.dmChannelId,
      replyTo: "1200000000000000001",
    });
    expect(fake.callsTo("POST", /\/threads$/)).toEqual([]);
  });
});
