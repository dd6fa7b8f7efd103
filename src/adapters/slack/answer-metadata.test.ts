import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, shownText, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { createMemoryLedger } from "../../../test/fakes/recording-messenger.js";
import { silentLogger } from "../../core/logger.js";
import { createMessageReply } from "../../core/message-reply.js";
import type { ReplyLedger } from "../../core/platform.js";
import { renderSlackMarkdown } from "./slack-format.js";
import { createThreadMessenger } from "./thread-messenger.js";
import type { WorkingIndicator } from "./working-indicator.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000300.000400";
const idle: WorkingIndicator = {
  show: async () => {},
  clear: async () => {},
  replying: (post) => post(),
};

describe("an answer's Slack posts carry its identity, so a new owner adopts an unrecorded post", () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    slack = await startFakeSlack();
    slack.addMessage({ channel: CHANNEL, ts: ROOT, user: "U0HUMAN", text: "<@U0BOT> how do I shard rooms?" });
    client = new WebClient(slack.botToken, {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  const messenger = () =>
    createThreadMessenger(client, { channel: CHANNEL, threadTs: ROOT }, idle, {
      askId: "ask-1",
      stop: false,
      logger: silentLogger,
      questionTs: ROOT,
    });
  const open = (ledger: ReplyLedger) =>
    createMessageReply({ messenger: messenger(), ledger, render: renderSlackMarkdown, minIntervalMs: 0 });
  const answer = () => slack.messages(CHANNEL, ROOT).filter((message) => message.bot_id === slack.botId);

  it("posts with metadata naming the answer and the message's index", async () => {
    const reply = await open(createMemoryLedger());
    await reply.append("Shard rooms by id.");
    await reply.finish({ kind: "complete" });

    expect(answer().map((message) => message.metadata)).toEqual([
      { event_type: "rte_answer", event_payload: { ask_id: "ask-1", index: 0 } },
    ]);
  });

  it("adopts the message a lost attempt posted after announcing it, and edits it instead of posting", async () => {
    // The lost attempt announced message 0 in the ledger, posted it, and lost the job before recording it.
    const ledger = createMemoryLedger({ messageIds: [], deliveredCharacters: 0, extra: { posting: "0" } });
    const lost = await messenger().post("Shard rooms", { index: 0 });

    const reply = await open(ledger);
    await reply.append("Shard rooms by id, and keep each room on one node.");
    await reply.finish({ kind: "complete" });

    expect(answer().map((message) => message.ts)).toEqual([lost]);
    expect(answer().map((message) => shownText(message))).toEqual([
      "Shard rooms by id, and keep each room on one node.",
    ]);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(slack.callsTo("conversations.replies")[0]?.args).toMatchObject({ include_all_metadata: "true" });
    expect(ledger.progress?.messageIds).toEqual([lost]);
    expect(ledger.progress?.extra?.posting).toBeUndefined();
  });

  it("posts the message when the announced post never reached Slack", async () => {
    const ledger = createMemoryLedger({ messageIds: [], deliveredCharacters: 0, extra: { posting: "0" } });

    const reply = await open(ledger);
    await reply.append("Shard rooms by id.");
    await reply.finish({ kind: "complete" });

    expect(answer()).toHaveLength(1);
    expect(slack.callsTo("conversations.replies")).toHaveLength(1);
  });

  it("does not take another answer's message in the same thread for its own", async () => {
    const other = createThreadMessenger(client, { channel: CHANNEL, threadTs: ROOT }, idle, {
      askId: "ask-0",
      stop: false,
      logger: silentLogger,
      questionTs: ROOT,
    });
    await other.post("An earlier answer.", { index: 0 });
    const ledger = createMemoryLedger({ messageIds: [], deliveredCharacters: 0, extra: { posting: "0" } });

    const reply = await open(ledger);
    await reply.append("Shard rooms by id.");
    await reply.finish({ kind: "complete" });

    expect(answer().map((message) => shownText(message))).toEqual([
      "An earlier answer.",
      "Shard rooms by id.",
    ]);
  });
});
