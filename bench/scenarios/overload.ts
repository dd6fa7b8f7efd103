/**
 * Scenario 4, overload: the worker starved. Busy-loop processes beside it take the CPU, its job lock is
 * short, and many answers stream at once, so its locks lapse and other attempts take its jobs over while it
 * still runs them. The promise under test is the headline one: every question answered exactly once. It
 * counts duplicate answers (more than one message showing an answer), lost answers (asked, never answered),
 * and the lock losses that put the promise at risk, as the worker's own /metrics reports them.
 */
import { loadavg } from "node:os";
import { Queue } from "bullmq";
import { answersQueueName } from "../../src/queue/queue-names.js";
import { connectRedis } from "../../src/redis/connect-redis.js";
import type { Exposition } from "../../test/support/prometheus-text.js";
import type { Contender } from "../bots.js";
import { startCpuHogs } from "../process/cpu-hogs.js";
import { scrapeSamples, sumOf } from "../report/prometheus.js";
import { questionRows } from "../report/question-rows.js";
import { type RunContext, withSession } from "./session.js";

export interface OverloadPlan {
  answers: number;
  answerCharacters: number;
  /** Busy-loop processes beside the bot. */
  hogs: number;
  /** RTE_LOCK_MS unless `--lock-ms` says otherwise, and RTE_STALLED_CHECK_MS: short, so locks lapse. */
  lockMs: number;
  stalledCheckMs: number;
  /** How long beyond the unloaded streaming time the answers may take before the unfinished count as lost. */
  graceMs: number;
}

export interface OverloadResult {
  contender: Contender["key"];
  answers: number;
  answered: number;
  /** Asked, never answered in full within the grace period. */
  lost: number;
  /** Messages beyond the first showing one answer. */
  duplicates: number;
  /** Requests the model received: one per attempt, so more than `answers` means resumed or retried answers. */
  modelRequests: number;
  /** rte_job_lock_losses_total by event, and attempts that stopped writing (rte_answers_total abandoned). */
  lockLosses: Record<string, number>;
  abandoned: number;
  /** Jobs the queue gave up on (stalled too often, or failed for good). */
  failedJobs: number;
  /** Why they failed, as BullMQ recorded it, with how many jobs each. */
  failedReasons: Record<string, number>;
  /** Jobs still waiting, active or delayed when the scenario stopped looking. */
  unfinishedJobs: number;
  lockMs: number;
  hogs: number;
  loadAverageAtEnd: number;
  wallMs: number;
}

const lockEvents = ["stalled", "missing-lock", "lock-mismatch", "renewal-failed"];
const pendingStates = ["waiting", "active", "delayed", "prioritized", "waiting-children"];

export async function runOverload(
  context: RunContext,
  contender: Contender,
  plan: OverloadPlan,
): Promise<OverloadResult> {
  const lockMs = context.lockMs ?? plan.lockMs;
  return withSession(
    context,
    contender,
    {
      tag: "overload",
      answerCharacters: plan.answerCharacters,
      environment: {
        RTE_WORKER_CONCURRENCY: String(plan.answers),
        RTE_LOCK_MS: String(lockMs),
        RTE_STALLED_CHECK_MS: String(plan.stalledCheckMs),
      },
    },
    async (session) => {
      const metricsUrl = session.bot.answeringMetricsUrl;
      const roots = await session.seed(plan.answers);
      await session.warmUp(50);
      const hogs = startCpuHogs(context.supervisor, plan.hogs);
      let metrics: Exposition | undefined;
      let loadAverageAtEnd = 0;
      const startedAt = Date.now();
      try {
        const mentions = await session.mention(roots, 0);
        const expectedMs =
          context.pace.timeToFirstTokenMs +
          (plan.answerCharacters * 1.2 * 1000) / 4 / context.pace.tokensPerSecond;
        await session.waitForAnswers(plan.answers, expectedMs + plan.graceMs);
        // Attempts that lost their job may still be running: wait for the queue to empty, so a late
        // second post is counted rather than missed.
        metrics = await waitForQueueToEmpty(metricsUrl, 30_000);
        loadAverageAtEnd = loadavg()[0] ?? 0;
        const wallMs = Date.now() - startedAt;
        await hogs.stop();
        const { fakes } = await session.collect();
        const failedReasons = await failedJobReasons(context.redisUrl, "bench-overload");
        const rows = questionRows(mentions, fakes);
        const answered = rows.filter((row) => row.answered).length;
        return {
          contender: contender.key,
          answers: plan.answers,
          answered,
          lost: plan.answers - answered,
          duplicates: rows.reduce((total, row) => total + row.duplicates, 0),
          modelRequests: rows.reduce((total, row) => total + row.modelRequests, 0),
          lockLosses: Object.fromEntries(
            lockEvents.map((event) => [event, sumOf(metrics, "rte_job_lock_losses_total", { event })]),
          ),
          abandoned: sumOf(metrics, "rte_answers_total", { outcome: "abandoned" }),
          failedJobs: sumOf(metrics, "rte_queue_jobs", { state: "failed" }),
          failedReasons,
          unfinishedJobs: pendingStates.reduce(
            (total, state) => total + sumOf(metrics, "rte_queue_jobs", { state }),
            0,
          ),
          lockMs,
          hogs: plan.hogs,
          loadAverageAtEnd,
          wallMs,
        };
      } finally {
        await hogs.stop();
      }
    },
  );
}

/** The worker's /metrics once no job is waiting, active or delayed, or at the deadline. */
async function waitForQueueToEmpty(url: string, deadlineMs: number): Promise<Exposition | undefined> {
  const started = Date.now();
  for (;;) {
    const metrics = await scrapeSamples(url);
    const pending = pendingStates.reduce(
      (total, state) => total + sumOf(metrics, "rte_queue_jobs", { state }),
      0,
    );
    if ((metrics && pending === 0) || Date.now() - started >= deadlineMs) return metrics;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The failed jobs' reasons, read from the queue itself (the worker logs only warnings and errors). */
async function failedJobReasons(redisUrl: string, prefix: string): Promise<Record<string, number>> {
  const connection = connectRedis(redisUrl, "command");
  const queue = new Queue(answersQueueName, { connection, prefix });
  try {
    const reasons: Record<string, number> = {};
    for (const job of await queue.getFailed()) {
      const reason = job.failedReason || "no reason recorded";
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    }
    return reasons;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
