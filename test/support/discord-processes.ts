import { Queue } from "bullmq";
import { inject } from "vitest";
import { answersQueueName } from "../../src/queue/queue-names.js";
import { connectRedis } from "../../src/redis/connect-redis.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/fake-discord.js";
import { type RunningCli, startCli } from "./start-cli.js";
import { testPrefix } from "./test-prefix.js";

/** One JSON log line of a running rte process. */
export interface LogLine {
  level: number;
  msg: string;
  jobId?: string;
  [field: string]: unknown;
}

export function logLines(process: RunningCli): LogLine[] {
  return process
    .stderr()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/**
 * rte on Discord as production runs it when scaled out: `rte ingress` and any number of `rte worker`
 * processes of the built CLI, on the test Redis (fresh prefix), against the loopback fakes of Discord and
 * Anthropic. Worker lock timings are short so a killed worker's answer is resumed in seconds.
 */
export async function startDiscordProcesses(options: {
  workers: number;
  environment?: Record<string, string>;
}) {
  const discord: FakeDiscord = await startFakeDiscord();
  const anthropic: FakeAnthropic = await startFakeAnthropic();
  const prefix = testPrefix();
  const environment = {
    REDIS_URL: inject("redisUrl"),
    RTE_QUEUE_PREFIX: prefix,
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: anthropic.url,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    RTE_LOCK_MS: "2000",
    RTE_STALLED_CHECK_MS: "1000",
    ...options.environment,
  };
  const processes: RunningCli[] = [];
  const redis = connectRedis(inject("redisUrl"), "command");
  const queue = new Queue(answersQueueName, { connection: redis, prefix });
  const close = async () => {
    for (const running of processes) await running.kill();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    redis.disconnect();
    await discord.close();
    await anthropic.close();
  };
  try {
    const ingress = await startCli(["ingress"], environment);
    processes.push(ingress);
    const workers: RunningCli[] = [];
    for (let index = 0; index < options.workers; index++) {
      const worker = await startCli(["worker"], environment);
      processes.push(worker);
      workers.push(worker);
    }
    await discord.waitFor(() => discord.readyClients() === 1, 15_000);
    return { discord, anthropic, queue, ingress, workers, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export type DiscordProcesses = Awaited<ReturnType<typeof startDiscordProcesses>>;
