/**
 * `node dist-bench/bench/micro/ingress-alone.js [mentions] [per second] [rounds]`: what `rte ingress`
 * costs for each Slack delivery when nothing else runs: the burst's deliveries (each mention as
 * `app_mention` and its `message` twin, 10 % sent again as Slack's retry) against the ingress and a real
 * Redis, with no worker taking the questions. It prints, for each round, the ingress's CPU time and young
 * collections per delivery and the ack's p50/p99, so a change to the ack path can be weighed without the
 * worker's and the fakes' noise on the same two cores.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectRedis, waitForRedis } from "../../src/redis/connect-redis.js";
import { startPrivateRedis } from "../../src/redis/private-redis.js";
import { contenders } from "../bots.js";
import { createSupervisor } from "../process/supervisor.js";
import { distribution } from "../report/stats.js";
import { withSession } from "../scenarios/session.js";

const mentions = Number(process.argv[2] ?? 600);
const perSecond = Number(process.argv[3] ?? 100);
const rounds = Number(process.argv[4] ?? 3);

const supervisor = createSupervisor();
const dataDirectory = mkdtempSync(join(tmpdir(), "rte-ingress-alone-"));
const redis = await startPrivateRedis({ dataDir: dataDirectory });
if (redis.pid !== undefined) supervisor.adopt(redis.pid, dataDirectory);
const redisClient = connectRedis(redis.url, "command");
await waitForRedis(redisClient, redis.url);
const context = {
  supervisor,
  redisUrl: redis.url,
  flushRedis: async () => {
    await redisClient.flushall();
  },
  quick: false,
  profileDirectory: undefined,
  // Extra Node options for the ingress (an experiment's flags), and where to keep its output.
  nodeOptions: process.env.INGRESS_NODE_OPTIONS,
  lockMs: undefined,
  environment: process.env.INGRESS_V8_FLAGS ? { INGRESS_V8_FLAGS: process.env.INGRESS_V8_FLAGS } : {},
  pace: { timeToFirstTokenMs: 600, tokensPerSecond: 80 },
};

try {
  for (let round = 1; round <= rounds; round++) {
    await withSession(
      context,
      contenders.rte,
      {
        tag: `ingress-alone-${round}`,
        answerCharacters: 200,
        workers: 0,
        ...(process.env.INGRESS_LOGS ? { logDirectory: process.env.INGRESS_LOGS } : {}),
      },
      async (session) => {
        const roots = await session.seed(mentions);
        await session.warmUp(200);
        await session.resetProbes();
        const sent = await session.mention(roots, 1000 / perSecond, {
          retryShare: 0.1,
          retryAfterGroups: perSecond,
        });
        const { probes } = await session.collect();
        const probe = probes[session.bot.receiving.name];
        const deliveries = sent.flatMap((result) => [result.mention, result.message, ...result.retries]);
        if (process.env.INGRESS_DELIVERIES)
          writeFileSync(process.env.INGRESS_DELIVERIES, JSON.stringify(deliveries));
        const acks = distribution(deliveries.map((delivery) => delivery.ackMs ?? Number.NaN));
        const cpuMs = probe ? (probe.cpuCores * probe.windowMs) / deliveries.length : Number.NaN;
        const young = probe?.gc.young;
        console.log(
          `round ${round}: ${deliveries.length} deliveries, ingress CPU ${cpuMs.toFixed(3)} ms each, ` +
            `${young?.pauses ?? "?"} young collections (${young?.totalMs ?? "?"} ms), ` +
            `ack p50 ${acks.p50.toFixed(1)} ms p99 ${acks.p99.toFixed(1)} ms`,
        );
      },
    );
  }
} finally {
  await supervisor.stopAll();
  redisClient.disconnect();
  await redis.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
}
