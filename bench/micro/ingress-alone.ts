/**
 * `node dist-bench/bench/micro/ingress-alone.js [mentions] [per second] [rounds]`: what `rte ingress`
 * costs for each Slack delivery when nothing else runs: the burst's deliveries (each mention as
 * `app_mention` and its `message` twin, 10 % sent again as Slack's retry) against the ingress and a real
 * Redis, with no worker taking the questions. It prints, for each round, the ingress's CPU time and young
 * collections per delivery and the ack's p50/p99, so a change to the ack path can be weighed without the
 * worker's and the fakes' noise on the same two cores. `INGRESS_NODE_OPTIONS` adds Node options to the
 * ingress (after production's), and `INGRESS_LOGS` names a folder to keep its output in.
 */
import { contenders } from "../bots.js";
import { startBenchRedis } from "../process/bench-redis.js";
import { createSupervisor } from "../process/supervisor.js";
import { distribution } from "../report/stats.js";
import { deliveriesOf, type RunContext, withSession } from "../scenarios/session.js";

const mentions = Number(process.argv[2] ?? 600);
const perSecond = Number(process.argv[3] ?? 100);
const rounds = Number(process.argv[4] ?? 3);

const supervisor = createSupervisor();
const redis = await startBenchRedis(supervisor, "rte-ingress-alone");
const context: RunContext = {
  supervisor,
  redisUrl: redis.url,
  flushRedis: () => redis.flush(),
  quick: false,
  profileDirectory: undefined,
  nodeOptions: process.env.INGRESS_NODE_OPTIONS,
  lockMs: undefined,
  environment: {},
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
        const deliveries = sent.flatMap(deliveriesOf);
        const ackMs = deliveries.flatMap((delivery) =>
          delivery.ackMs === undefined ? [] : [delivery.ackMs],
        );
        const acks = distribution(ackMs);
        const cpuMs = probe ? (probe.cpuCores * probe.windowMs) / deliveries.length : Number.NaN;
        const young = probe?.gc.young;
        console.log(
          `round ${round}: ${deliveries.length} deliveries, ingress CPU ${cpuMs.toFixed(3)} ms each, ` +
            `${young?.pauses ?? "?"} young collections (${young?.totalMs ?? "?"} ms), ` +
            `ack p50 ${acks.p50.toFixed(1)} ms p99 ${acks.p99.toFixed(1)} ms` +
            (ackMs.length < deliveries.length
              ? `, ${deliveries.length - ackMs.length} never acknowledged`
              : ""),
        );
      },
    );
  }
} finally {
  await supervisor.stopAll();
  await redis.stop();
}
