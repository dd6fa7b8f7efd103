import { describe, expect, it } from "vitest";
import { ids, slashCommand } from "../../../test/fixtures/discord-payloads.js";
import { commandAsk, questionEcho, questionFromEcho, readCommand } from "./command-ask.js";

const echoId = "1180000000000000099";

describe("readCommand", () => {
  it("reads /rte question:… from a guild interaction", () => {
    expect(readCommand(slashCommand("  How do I keep bids in order?  "))).toEqual({
      interactionId: ids.interaction,
      token: "A_UNIQUE_TOKEN",
      applicationId: ids.bot,
      question: "How do I keep bids in order?",
      author: { id: ids.human, name: "Mason" },
      guildId: ids.guild,
      channelId: ids.channel,
      channel: { type: 0, parentId: null },
    });
  });

  it("ignores other commands and other interaction types", () => {
    const other = slashCommand();
    expect(readCommand({ ...other, data: { ...other.data, name: "ping" } })).toBeUndefined();
    expect(readCommand({ ...other, type: 3 } as never)).toBeUndefined();
  });
});

describe("commandAsk", () => {
  it("in a text channel: the conversation moves to the thread started from the response message", () => {
    const request = readCommand(slashCommand());
    if (!request) throw new Error("not read");

    const ask = commandAsk(request, echoId, 5);

    expect(ask).toEqual({
      id: `discord-${echoId}`,
      conversation: { platform: "discord", workspace: ids.guild, channel: ids.channel, thread: echoId },
      messageId: echoId,
      author: { id: ids.human, name: "Mason" },
      text: "How do I keep bids in order across servers?",
      trigger: "command",
      receivedAt: 5,
    });
    expect(JSON.stringify(ask)).not.toContain("A_UNIQUE_TOKEN");
  });

  it("in a thread: the conversation stays in the thread, keyed to its parent", () => {
    const request = readCommand(
      slashCommand("q", {
        channel: { id: ids.thread, type: 11, guild_id: ids.guild, parent_id: ids.channel } as never,
        channel_id: ids.thread,
      }),
    );
    if (!request) throw new Error("not read");

    expect(commandAsk(request, echoId, 0).conversation).toEqual({
      platform: "discord",
      workspace: ids.guild,
      channel: ids.channel,
      thread: ids.thread,
    });
  });

  it("in a DM: the conversation is the DM", () => {
    const { member, guild_id: _guild, ...base } = slashCommand();
    const request = readCommand({
      ...base,
      user: member?.user,
      channel: { id: ids.dm, type: 1 },
      channel_id: ids.dm,
      context: 1,
    } as never);
    if (!request) throw new Error("not read");

    expect(commandAsk(request, echoId, 0).conversation).toEqual({
      platform: "discord",
      workspace: "@me",
      channel: ids.dm,
      thread: ids.dm,
    });
  });
});

describe("questionEcho", () => {
  it("quotes the question and reads it back", () => {
    const echo = questionEcho("first line\nsecond line");
    expect(echo).toBe("> first line\n> second line");
    expect(questionFromEcho(echo)).toBe("first line\nsecond line");
  });

  it("fits one message without splitting an emoji", () => {
    const echo = questionEcho(`${"x".repeat(1_995)}🎯🎯🎯`);
    expect(echo.length).toBeLessThanOrEqual(2_000);
    expect(echo.endsWith("🎯…")).toBe(true);
  });
});
