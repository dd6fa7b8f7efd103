import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, shownText, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { createMemoryLedger } from "../../../test/fakes/recording-messenger.js";
import { createMessageReply } from "../../core/message-reply.js";
import type { ReplyLedger } from "../../core/platform.js";
import { renderSlackMarkdown } from "./slack-format.js";
import { createStreamMessenger, streamable } from "./stream-messenger.js";
import type { WorkingIndicator } from "./working-indicator.js";

const DM = "D0DIRECT";
const QUESTION = "1715000300.000400";
const idle: WorkingIndicator = {
  show: async () => {},
  clear: async () => {},
  replying: (post) => post(),
};

describe("createStreamMessenger with the reply engine", () => {
  let slack: FakeSlack;
  let client: WebClient;
  let unsupported: number;

  beforeEach(async () => {
    slack = await startFakeSlack();
    slack.addMessage({ channel: DM, ts: QUESTION, user: "U0HUMAN", text: "question" });
    client = new WebClient(slack.botToken, {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
    unsupported = 0;
  });
  afterEach(async () => {
    await slack.close();
  });

  const open = (ledger: ReplyLedger = createMemoryLedger()) =>
    createMessageReply({
      messenger: createStreamMessenger(
        client,
        { channel: DM, threadTs: QUESTION },
        idle,
        () => unsupported++,
      ),
      ledger,
      render: renderSlackMarkdown,
      minIntervalMs: 0,
    });
  /** Waits until Slack shows the answer's first message (the engine updates in the background). */
  const started = () => slack.waitFor(() => answer().length === 1);
  const answer = () => slack.messages(DM, QUESTION).filter((message) => message.bot_id === slack.botId);
  const methods = () => slack.calls.map((call) => call.method).filter((method) => method.startsWith("chat."));

  it("starts a stream, appends only what each update adds, and stops it at the end", async () => {
    const reply = await open();
    await reply.append("Heartbeats every ");
    await started();
    await reply.append("25 s keep NAT mappings open.");
    await reply.finish({ kind: "complete" });

    expect(answer()).toEqual([
      expect.objectContaining({
        streaming: false,
        markdown_text: "Heartbeats every 25 s keep NAT mappings open.",
      }),
    ]);
    expect(methods()).toEqual(["chat.startStream", "chat.appendStream", "chat.stopStream"]);
    expect(slack.callsTo("chat.appendStream")[0]?.args.markdown_text).toBe("25 s keep NAT mappings open.");
  });

  it("streams half-written code without the closing fence the engine adds, so later lines can follow", async () => {
    const reply = await open();
    await reply.append("```ts\nconst a = 1;");
    await started();
    await reply.append("\nconst b = 2;\n```\n\nDone.");
    await reply.finish({ kind: "complete" });

    expect(slack.callsTo("chat.startStream")[0]?.args.markdown_text).toBe("```ts\nconst a = 1;");
    expect(answer()[0]?.markdown_text).toBe("```ts\nconst a = 1;\nconst b = 2;\n```\n\nDone.");
    expect(methods()).not.toContain("chat.update");
  });

  it("rolls a stream Slack expired over into a new streamed message, losing nothing", async () => {
    const reply = await open();
    await reply.append("First part, ");
    await started();
    slack.expireStream(answer()[0]?.ts ?? "");
    await reply.append("and the rest after the stream expired.");
    await reply.finish({ kind: "complete" });

    expect(answer()).toEqual([
      expect.objectContaining({ streaming: false, markdown_text: "First part, " }),
      expect.objectContaining({ streaming: false, markdown_text: "and the rest after the stream expired." }),
    ]);
    expect(methods().filter((method) => method === "chat.startStream")).toHaveLength(2);
  });

  it("collapses a rolled-over message back into one when the text is rewritten", async () => {
    const reply = await open();
    await reply.append("| Transport | Latency |\n");
    await started();
    slack.expireStream(answer()[0]?.ts ?? "");
    await reply.append("| --- | --- |\n");
    await reply.append("| SSE | low |\n");
    await reply.finish({ kind: "complete" });

    expect(answer().map((message) => shownText(message))).toEqual(["- **SSE** — Latency: low\n"]);
  });

  it("rewrites a message when the text stops extending it (a table became a list)", async () => {
    const reply = await open();
    await reply.append("| Transport | Latency |\n");
    await started();
    await reply.append("| --- | --- |\n| SSE | low |\n");
    await reply.finish({ kind: "complete" });

    expect(answer()).toEqual([
      expect.objectContaining({ streaming: false, markdown_text: "- **SSE** — Latency: low\n" }),
    ]);
  });

  it("takes over a message a dead worker left streaming", async () => {
    const ledger = createMemoryLedger();
    const first = await open(ledger);
    await first.append("The first attempt broke off here");
    await slack.waitFor(() => ledger.progress?.messageIds.length === 1);
    // The worker dies: its stream stays open. The retried job opens a new reply with the same ledger.

    const second = await open(ledger);
    await second.append("The whole answer, from the retry.");
    await second.finish({ kind: "complete" });

    expect(answer()).toEqual([
      expect.objectContaining({ streaming: false, markdown_text: "The whole answer, from the retry." }),
    ]);
  });

  it("posts and edits instead where the workspace has no native streaming", async () => {
    slack.failNext("chat.startStream", { error: "feature_not_enabled" });
    const reply = await open();
    await reply.append("Plain post.");
    await reply.finish({ kind: "complete" });

    expect(unsupported).toBe(1);
    expect(answer()).toEqual([expect.objectContaining({ markdown_text: "Plain post." })]);
    expect(methods()).toContain("chat.postMessage");
  });
});

describe("streamable", () => {
  it("holds back only a closing fence that closes a half-written block", () => {
    expect(streamable("```ts\nconst a = 1;\n```")).toBe("```ts\nconst a = 1;");
    expect(streamable("```ts\ncode\n```\n\n```")).toBe("```ts\ncode\n```\n\n```");
    expect(streamable("```ts\ncode\n```\n\n```\n```")).toBe("```ts\ncode\n```\n\n```");
    expect(streamable("Prose.\n\n```ts\ncode")).toBe("Prose.\n\n```ts\ncode");
    expect(streamable("just text")).toBe("just text");
  });
});
