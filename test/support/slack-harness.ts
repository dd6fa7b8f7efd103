import { inject } from "vitest";
import { slackModule } from "../../src/adapters/slack/slack-module.js";
import { silentLogger } from "../../src/core/logger.js";
import type { AnswerOutcome } from "../../src/core/outcome.js";
import { startRoles } from "../../src/runtime/start-roles.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { type FakeSlack, shownText, startFakeSlack } from "../fakes/fake-slack.js";
import { postSignedCommand, postSignedEvent } from "../fakes/slack-signing.js";
import type { SlackEnvelope } from "../fixtures/slack/fixtures.js";
import { fastRetry, fastTiming } from "./fast-timing.js";
import { testConfig } from "./test-config.js";

export const signingSecret = "test-signing-secret";

/**
 * The Slack platform on the real pipeline, started by `rte serve`'s own start-up function (startRoles): Bolt's HTTP receiver on the shared HTTP
 * server (requests signed like Slack's) or, with `socketMode`, Bolt's Socket Mode receiver connected to the
 * fake; real Redis (fresh prefix), the real BullMQ worker, the Slack WebClient against the fake Slack and
 * the Anthropic SDK against the fake Anthropic.
 */
export async function startSlackHarness(
  environment: Record<string, string> = {},
  options: { socketMode?: boolean } = {},
) {
  const appToken = options.socketMode ? "xapp-1-A0APP-1-test" : undefined;
  const slack: FakeSlack = await startFakeSlack(appToken ? { appToken } : {});
  const anthropic: FakeAnthropic = await startFakeAnthropic();
  const config = testConfig({
    ANTHROPIC_BASE_URL: anthropic.url,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.url,
    ...(appToken ? { SLACK_APP_TOKEN: appToken } : {}),
    ...environment,
  });
  const outcomes: AnswerOutcome[] = [];
  const running = await startRoles({
    role: "both",
    config,
    redisUrl: inject("redisUrl"),
    logger: silentLogger,
    modules: [slackModule],
    retry: fastRetry,
    timing: fastTiming,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  const { pipeline, metrics, http, worker } = running;
  if (!metrics || !http || !worker) throw new Error("startRoles did not start both roles");
  await worker.worker.waitUntilReady();
  const port = await http.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}/slack/events`;

  const answered = () => outcomes.filter((outcome) => outcome.outcome === "answered");
  return {
    slack,
    anthropic,
    config,
    pipeline,
    metrics,
    url,
    outcomes,
    postEvent: (envelope: object, headers: Record<string, string> = {}) =>
      postSignedEvent(url, signingSecret, envelope, headers),
    postCommand: (fields: Record<string, string>) => postSignedCommand(url, signingSecret, fields),
    /** Puts the message an envelope describes into the fake's workspace, as Slack has it before delivering. */
    seed(envelope: SlackEnvelope) {
      const { channel, user, text, ts, thread_ts: threadTs, bot_id: botId, subtype } = envelope.event;
      return slack.addMessage({
        channel,
        ts,
        ...(user === undefined ? {} : { user }),
        ...(text === undefined ? {} : { text }),
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        ...(botId === undefined ? {} : { bot_id: botId }),
        ...(subtype === undefined ? {} : { subtype }),
      });
    },
    /** Resolves once `count` answers have been written, and every job has settled. */
    async answers(count: number) {
      await poll(async () => answered().length >= count && (await idle()), `${count} answers`);
      return answered();
    },
    /** Jobs that exist at all: waiting, delayed, active, completed or failed. */
    async jobCount() {
      const counts = await pipeline.queue.queue.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    /** Cuts ingress off from Redis (the queue's producer connection), as a Redis outage would. */
    async redisDown() {
      const ended = new Promise((resolve) => pipeline.producerRedis.once("end", resolve));
      pipeline.producerRedis.disconnect();
      await ended;
    },
    async redisUp() {
      await pipeline.producerRedis.connect();
    },
    /** The bot's messages in a thread, as Slack stores them. */
    botReplies(channel: string, threadTs: string) {
      return slack
        .messages(channel, threadTs)
        .filter((message) => message.bot_id === slack.botId && message.ts !== threadTs);
    },
    /** What the bot's messages in a thread show, first to last (markdown_text or markdown blocks). */
    replyTexts(channel: string, threadTs: string) {
      return this.botReplies(channel, threadTs).map((message) => shownText(message));
    },
    async close() {
      await running.stop();
      await pipeline.queue.queue.obliterate({ force: true }).catch(() => {});
      await slack.close();
      await anthropic.close();
    },
  };

  async function idle(): Promise<boolean> {
    const counts = await pipeline.queue.queue.getJobCounts("waiting", "delayed", "active", "prioritized");
    return Object.values(counts).every((count) => count === 0);
  }
}

export type SlackHarness = Awaited<ReturnType<typeof startSlackHarness>>;

async function poll(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
