import { inject } from "vitest";
import type { DiscordIngress } from "../../src/adapters/discord/discord-ingress.js";
import { discordModule } from "../../src/adapters/discord/discord-module.js";
import type { IngressContext } from "../../src/adapters/platform-module.js";
import type { AnswerOutcome } from "../../src/core/outcome.js";
import { createHttpServer } from "../../src/http/http-server.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { waitForRedis } from "../../src/redis/connect-redis.js";
import { createPipeline } from "../../src/runtime/pipeline.js";
import {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  startFakeAnthropic,
} from "../fakes/fake-anthropic.js";
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from "../fakes/fake-discord.js";
import { createRecordingLogger } from "../fakes/recording-logger.js";
import { fastRetry, fastTiming } from "./fast-timing.js";
import { testConfig } from "./test-config.js";

/**
 * Discord end to end: the real discord.js Client (ingress) and @discordjs/rest (worker) against the loopback
 * fake of Discord's REST API and gateway, real Redis (fresh prefix), the real BullMQ worker, and the real
 * Anthropic SDK against its loopback fake. Wired through the same PlatformModule `rte serve` uses.
 */
export async function startDiscordHarness(
  options: {
    discord?: FakeDiscordOptions;
    anthropic?: FakeAnthropicOptions;
    environment?: Record<string, string>;
    /** Another Redis than the test run's (one a test may stop). */
    redisUrl?: string;
  } = {},
) {
  const discord: FakeDiscord = await startFakeDiscord(options.discord);
  const anthropic: FakeAnthropic = await startFakeAnthropic(options.anthropic);
  const config = testConfig({
    ANTHROPIC_BASE_URL: anthropic.url,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    ...options.environment,
  });
  const logger = createRecordingLogger();
  const metrics = createMetrics({ prices: config.prices, logger });
  const outcomes: AnswerOutcome[] = [];
  const redisUrl = options.redisUrl ?? inject("redisUrl");
  const pipeline = createPipeline({
    config,
    redisUrl,
    logger: logger,
    retry: fastRetry,
    timing: fastTiming,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  const context: IngressContext = {
    config,
    logger: logger,
    transcript: pipeline.transcript,
    state: pipeline.state,
    metrics,
    submit: pipeline.submit,
    http: createHttpServer(logger),
    requestStop: pipeline.requestStop,
    recordFeedback: pipeline.feedback.record,
  };
  // The producer fails fast while not connected (no offline queue): let it connect before questions arrive.
  await waitForRedis(pipeline.producerRedis, redisUrl);
  const worker = pipeline.startWorker({ discord: discordModule.createPlatform(context) });
  await worker.worker.waitUntilReady();
  let ingress: DiscordIngress | undefined;
  const moreIngresses: DiscordIngress[] = [];
  const close = async () => {
    // Always destroy the discord.js clients: their heartbeat timers would outlive the test.
    for (const running of [ingress, ...moreIngresses]) await running?.stop();
    await pipeline.close();
    await pipeline.queue.queue.obliterate({ force: true }).catch(() => {});
    await discord.close();
    await anthropic.close();
  };
  try {
    ingress = (await discordModule.startIngress(context)) as DiscordIngress;
  } catch (error) {
    await close();
    throw error;
  }
  const finished = () => outcomes.filter((outcome) => outcome.outcome !== "retrying");
  return {
    discord,
    anthropic,
    config,
    pipeline,
    ingress,
    outcomes,
    /** The process's metrics, as /metrics would show them. */
    metrics: () => metrics.registry.metrics(),
    /** Every line ingress and the worker logged. */
    logs: logger.lines,
    /** Another ingress process on the same Redis and bot token, as when two run for availability. */
    async startAnotherIngress() {
      const another = (await discordModule.startIngress(context)) as DiscordIngress;
      moreIngresses.push(another);
      return another;
    },
    /** Resolves once `count` questions have been answered or have failed for good. */
    async answered(count: number, timeoutMs = 15_000) {
      await discord.waitFor(() => finished().length >= count, timeoutMs);
      return finished();
    },
    /** What the bot wrote in a channel, oldest first: its posts, not a thread's starter or a /rte response. */
    botMessages(channelId: string) {
      return discord
        .messages(channelId)
        .filter(
          (message) => message.author.id === discord.botUserId && (message.type === 0 || message.type === 19),
        );
    },
    close,
  };
}

export type DiscordHarness = Awaited<ReturnType<typeof startDiscordHarness>>;
