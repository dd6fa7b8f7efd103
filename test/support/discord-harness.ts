import { inject } from "vitest";
import type { DiscordIngress } from "../../src/adapters/discord/discord-ingress.js";
import { discordModule } from "../../src/adapters/discord/discord-module.js";
import type { AnswerOutcome } from "../../src/core/outcome.js";
import { startRoles } from "../../src/runtime/start-roles.js";
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
 * Anthropic SDK against its loopback fake. Started by `rte serve`'s own start-up function (startRoles).
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
  const outcomes: AnswerOutcome[] = [];
  const redisUrl = options.redisUrl ?? inject("redisUrl");
  const running = await startRoles({
    role: "both",
    config,
    redisUrl,
    logger,
    modules: [discordModule],
    // The producer fails fast while not connected (no offline queue): let it connect before questions arrive.
    waitForRedis: true,
    retry: fastRetry,
    timing: fastTiming,
    onOutcome: (outcome) => outcomes.push(outcome),
  }).catch(async (error: unknown) => {
    await discord.close();
    await anthropic.close();
    throw error;
  });
  const { pipeline, metrics, ingressContext: context } = running;
  const moreIngresses: DiscordIngress[] = [];
  const close = async () => {
    // Always destroy the discord.js clients: their heartbeat timers would outlive the test.
    for (const another of moreIngresses) await another.stop();
    await running.stop();
    await pipeline.queue.queue.obliterate({ force: true }).catch(() => {});
    await discord.close();
    await anthropic.close();
  };
  const ingress = running.ingresses[0]?.running as DiscordIngress | undefined;
  if (!metrics || !context || !ingress || !running.worker) {
    await close();
    throw new Error("startRoles did not start Discord's ingress and worker");
  }
  await running.worker.worker.waitUntilReady();
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
