import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { testPrefix } from "../../../test/support/test-prefix.js";
import type { Ask, Turn } from "../../core/ask.js";
import { silentLogger } from "../../core/logger.js";
import { connectRedis } from "../../redis/connect-redis.js";
import { createRedisSharedState } from "../../store/redis-shared-state.js";
import { createRedisTranscript } from "../../store/redis-transcript.js";
import { createSlackClient } from "./slack-client.js";
import { slackConversation } from "./slack-events.js";
import { createThreadReader } from "./thread-reader.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";

describe("createThreadReader", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());
  let slack: FakeSlack;
  let prefix: string;
  beforeEach(async () => {
    slack = await startFakeSlack();
    prefix = testPrefix();
  });
  afterEach(async () => {
    await slack.close();
  });

  const transcript = () => createRedisTranscript(redis, prefix);
  const reader = () =>
    createThreadReader({
      client: createSlackClient({
        token: slack.botToken,
        apiUrl: slack.url,
        logger: silentLogger,
        role: "worker",
      }),
      transcript: transcript(),
      state: createRedisSharedState(redis, prefix),
      identity: async () => ({ userId: slack.botUserId, botId: slack.botId }),
      logger: silentLogger,
    });
  const ask = (ts: string, text: string): Ask => ({
    id: `slack-T0TEAM-${CHANNEL}-${ts}`,
    conversation: slackConversation("T0TEAM", CHANNEL, ROOT),
    messageId: ts,
    author: { id: "U0CAROL" },
    text,
    trigger: "mention",
    receivedAt: 0,
  });
  const question = (ts: string, text: string): Turn => ({
    role: "user",
    text,
    author: "U0CAROL",
    messageId: ts,
  });
  const read = (question: Ask) => reader().read(question, new AbortController().signal);

  it("needs no history for a question that starts its thread", async () => {
    expect(await read(ask(ROOT, "why?"))).toEqual([question(ROOT, "why?")]);
    expect(slack.calls).toEqual([]);
  });

  it("reads what came before rte joined once, then keeps it beside the transcript", async () => {
    slack.addMessage({ channel: CHANNEL, ts: ROOT, user: "U0ALICE", text: "reconnect storms" });
    slack.addMessage({
      channel: CHANNEL,
      ts: "1715000010.000100",
      thread_ts: ROOT,
      user: "U0BOB",
      text: "40k clients",
    });
    const mention = ask("1715000020.000100", "how do we stop this?");

    const first = await read(mention);
    await transcript().append(mention.conversation, [
      question(mention.messageId, mention.text),
      { role: "assistant", text: "Jittered backoff." },
    ]);
    const second = await read(ask("1715000030.000100", "how much jitter?"));

    const earlier: Turn[] = [
      { role: "user", text: "reconnect storms", author: "U0ALICE", messageId: ROOT },
      { role: "user", text: "40k clients", author: "U0BOB", messageId: "1715000010.000100" },
    ];
    expect(first).toEqual([...earlier, question(mention.messageId, mention.text)]);
    expect(second).toEqual([
      ...earlier,
      question(mention.messageId, mention.text),
      { role: "assistant", text: "Jittered backoff." },
      question("1715000030.000100", "how much jitter?"),
    ]);
    expect(slack.callsTo("conversations.replies")).toHaveLength(1);
  });

  it("leaves out a retried question's own earlier record, and answers trimmed off the transcript's front", async () => {
    const conversation = slackConversation("T0TEAM", CHANNEL, ROOT);
    await transcript().append(conversation, [
      { role: "assistant", text: "an answer whose question fell off the transcript" },
      question(ROOT, "first"),
      { role: "assistant", text: "one" },
      question("1715000040.000100", "second"),
      { role: "assistant", text: "two, from the attempt that died before finishing" },
    ]);

    expect(await read(ask("1715000040.000100", "second"))).toEqual([
      question(ROOT, "first"),
      { role: "assistant", text: "one" },
      question("1715000040.000100", "second"),
    ]);
    expect(slack.calls).toEqual([]);
  });

  it("answers with what it knows when Slack rate-limits the history, and tries again next time", async () => {
    slack.addMessage({ channel: CHANNEL, ts: ROOT, user: "U0ALICE", text: "reconnect storms" });
    slack.failNext("conversations.replies", { status: 429, retryAfterSeconds: 60 });
    const mention = ask("1715000020.000100", "how do we stop this?");

    expect(await read(mention)).toEqual([question(mention.messageId, mention.text)]);
    expect(await read(mention)).toHaveLength(2);
    expect(slack.callsTo("conversations.replies")).toHaveLength(2);
  });
});
