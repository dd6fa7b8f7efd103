import { afterEach, describe, expect, it } from "vitest";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

/** A real 1×1 PNG. */
const screenshot = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);
const serverCode = 'io.on("connection", (socket) => socket.join("lot-1"));\n';

describe("files on a Slack question", () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("downloads them with the bot token: images as image blocks, text files as text, binaries named", async () => {
    harness = await startSlackHarness();
    const { slack, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "The socket joins a room before auth." });
    const files = [
      slack.shareFile({ name: "dashboard.png", mimetype: "image/png", content: screenshot }),
      slack.shareFile({ name: "server.ts", mimetype: "text/plain", content: serverCode }),
      slack.shareFile({ name: "core.zip", mimetype: "application/zip", content: "PK\u0003\u0004" }),
    ];
    const mention = slackEvent("app-mention", {
      text: "<@U0BOT> why do bids stop arriving?",
      files,
    });
    harness.seed(mention);

    await harness.postEvent(mention);
    await harness.answers(1);

    expect(anthropic.messageRequests()[0]?.body.messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: screenshot.toString("base64") },
          },
          { type: "text", text: `File server.ts:\n\n${serverCode}` },
          {
            type: "text",
            text: "(File core.zip was attached but not read: rte reads text files and PNG, JPEG, GIF or WebP images, not application/zip.)",
          },
          { type: "text", text: "[U0HUMAN]: why do bids stop arriving?" },
        ],
      },
    ]);
    // The job carried where the files are, never their bytes or the token.
    const job = await harness.pipeline.queue.queue.getJob("slack-T0TEAM-C0CHANNEL-1715000000.000100");
    expect(JSON.stringify(job?.data)).not.toMatch(/xoxb|iVBOR/);
  });

  it("names a file it could not read (Slack's sign-in page instead of the bytes) and still answers", async () => {
    harness = await startSlackHarness();
    const { slack, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "No log, but here is a guess." });
    const log = slack.shareFile({ name: "app.log", mimetype: "text/plain", content: "ping timeout\n" });
    // A URL the fake serves without the file: what a token lacking files:read gets.
    const mention = slackEvent("app-mention", {
      text: "<@U0BOT> see the log",
      files: [{ ...log, url_private: String(log.url_private).replace(/-F[^/]+\//, "-FNOPE/") }],
    });
    harness.seed(mention);

    await harness.postEvent(mention);
    await harness.answers(1);

    const content = anthropic.messageRequests()[0]?.body.messages[0]?.content;
    expect(content[0]).toEqual({
      type: "text",
      text: expect.stringMatching(
        /^\(File app\.log was attached but not read: it could not be downloaded \(Slack answered with its sign-in page/,
      ),
    });
  });
});
