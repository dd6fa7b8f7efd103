import { afterEach, describe, expect, it } from "vitest";
import type { FakeBehaviour } from "../fakes/fake-anthropic.js";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

const releases = {
  url: "https://github.com/socketio/socket.io/releases",
  title: "Releases · socketio/socket.io",
};
const searched: FakeBehaviour = {
  kind: "tools",
  steps: [
    { type: "web_search", query: "socket.io latest @everyone", results: [releases] },
    { type: "text", text: "socket.io 4.8.1 is the latest.", cites: [releases] },
  ],
};
const suppressEmbeds = 1 << 2;

describe("Discord answers grounded with server tools, end to end", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("shows the search in the answer's first message, then replaces it with the answer and its source", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue(searched);

    const question = await discord.userSays({ content: `<@${discord.botUserId}> latest socket.io?` });
    await harness.answered(1);

    const writes = discord
      .callsTo("POST", new RegExp(`/channels/${question.id}/messages$`))
      .concat(discord.callsTo("PATCH", new RegExp(`/channels/${question.id}/messages/`)));
    const [first] = writes;
    expect(first?.method).toBe("POST");
    expect(first?.body.content).toMatch(/^_Searching the web for “socket\.io latest .*everyone”…_$/);
    for (const write of writes) {
      expect(write.body.allowed_mentions).toEqual({ parse: [] });
      // Edits that only swap buttons leave the message's flags as they are.
      if (write.body.content !== undefined) expect(write.body.flags & suppressEmbeds).toBe(suppressEmbeds);
    }
    const shown = harness.botMessages(question.id).map((message) => message.content);
    expect(shown).toEqual([
      `socket.io 4.8.1 is the latest.\n\n**Sources:** [Releases · socketio/socket.io](${releases.url})`,
    ]);
    expect(anthropic.messageRequests()[0]?.body.tools).toHaveLength(3);
  });

  it("continues a paused turn into one answer", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue(
      {
        kind: "tools",
        steps: [{ type: "web_search", query: "ws permessage-deflate", results: [releases], paused: true }],
      },
      { kind: "tools", steps: [{ type: "text", text: "Turn off permessage-deflate under load." }] },
    );

    const question = await discord.userSays({ content: `<@${discord.botUserId}> compression?` });
    await harness.answered(1);

    expect(anthropic.messageRequests()).toHaveLength(2);
    expect(harness.botMessages(question.id).map((message) => message.content)).toEqual([
      "Turn off permessage-deflate under load.",
    ]);
  });
});
