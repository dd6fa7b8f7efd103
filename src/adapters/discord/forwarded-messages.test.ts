import { ChannelType } from "@discordjs/core/http-only";
import { describe, expect, it } from "vitest";
import { directMessage, ids } from "../../../test/fixtures/discord-payloads.js";
import { contentWithForwards } from "./forwarded-messages.js";
import { mapMessage } from "./message-ask.js";

/** A forward as Discord sends it: empty content, a FORWARD reference (type 1), the text in a snapshot. */
const forward = {
  content: "",
  message_reference: { type: 1, channel_id: ids.channel, message_id: ids.message, guild_id: ids.guild },
  message_snapshots: [
    {
      message: {
        type: 0,
        content: "prod websocket pods OOM after 20k connections",
        embeds: [],
        attachments: [],
        timestamp: "2026-12-05T10:00:00.000000+00:00",
        edited_timestamp: null,
        flags: 0,
        mentions: [],
        mention_roles: [],
      },
    },
  ],
};

describe("contentWithForwards", () => {
  it("reads a forwarded message as the question, quoted", () => {
    expect(contentWithForwards(forward as never)).toBe(
      "Forwarded message:\n> prod websocket pods OOM after 20k connections",
    );
    expect(contentWithForwards({ ...forward, content: "any idea?" } as never)).toBe(
      "any idea?\n\nForwarded message:\n> prod websocket pods OOM after 20k connections",
    );
    expect(contentWithForwards({ content: "plain" })).toBe("plain");
  });

  it("makes a forward to the bot's DM a question", () => {
    const decision = mapMessage({ ...directMessage(), ...forward } as never, {
      botUserId: ids.bot,
      botRoleId: undefined,
      channel: { type: ChannelType.DM, parentId: null },
      receivedAt: 0,
    });
    expect(decision).toMatchObject({
      kind: "ask",
      ask: { text: "Forwarded message:\n> prod websocket pods OOM after 20k connections" },
    });
  });
});
