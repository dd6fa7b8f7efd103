import { afterEach, describe, expect, it } from "vitest";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

/** A real 1×1 PNG. */
const screenshot = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);
const serverCode = 'io.on("connection", (socket) => socket.join("lot-1"));\n';

describe("files and screenshots in a Discord thread", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("sends images as image blocks and text files as text, cuts long files, and names what it skipped", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue(
      { kind: "answer", text: "The socket joins a room before auth." },
      { kind: "answer", text: "The log shows ping timeouts." },
    );

    const question = await discord.userSays({
      content: `<@${discord.botUserId}> why do bids stop arriving?`,
      attachments: [
        { filename: "dashboard.png", contentType: "image/png", data: screenshot },
        // No content type: Discord could not tell; the extension says it is code.
        { filename: "server.ts", data: serverCode },
      ],
    });
    await harness.answered(1);
    const firstQuestion = [
      {
        type: "image",
        source: { type: "base64", media_type: "image/png", data: screenshot.toString("base64") },
      },
      { type: "text", text: `File server.ts:\n\n${serverCode}` },
      { type: "text", text: "[alice]: why do bids stop arriving?" },
    ];
    expect(anthropic.messageRequests()[0]?.body.messages).toEqual([{ role: "user", content: firstQuestion }]);

    // A file alone is part of the thread too; the question after it is what gets answered.
    await discord.userSays({
      channelId: question.id,
      content: "",
      attachments: [{ filename: "core.zip", contentType: "application/zip", data: "PK\u0003\u0004" }],
    });
    const log = `${"ping timeout\n".repeat(10_000)}`;
    await discord.userSays({
      channelId: question.id,
      content: "and here is the log",
      attachments: [{ filename: "app.log", contentType: "text/plain; charset=utf-8", data: log }],
    });
    await harness.answered(2);

    const messages = anthropic.messageRequests()[1]?.body.messages;
    expect(messages.slice(0, 2)).toEqual([
      { role: "user", content: firstQuestion },
      { role: "assistant", content: "The socket joins a room before auth." },
    ]);
    expect(messages[2]).toEqual({
      role: "user",
      content: [
        {
          type: "text",
          text: "(File core.zip was attached but not read: rte reads text files and PNG, JPEG, GIF or WebP images, not application/zip.)",
        },
        {
          type: "text",
          text: `File app.log:\n\n${log.slice(0, 100_000)}\n\n[… cut: only the first 100 KB of 130 KB were read]`,
        },
        { type: "text", text: "[alice] attached a file.\n\n[alice]: and here is the log" },
      ],
    });
    expect(messages).toHaveLength(3);
  });
});
