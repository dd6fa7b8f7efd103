/**
 * Scenario 4, overload: the workers starved. Busy-loop processes beside them take the CPU, their job locks
 * are short, and many answers stream at once, so locks lapse and attempts on the other worker take jobs over
 * while the first still runs them (with one worker every stall ends with the same worker joining its own
 * running attempt; production runs several, so the scenario does too). The promise under test is the headline one: every question answered exactly once. It
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
  /** `rte worker` processes on the one queue, so a job stalled on one can be taken over by another. */
  workers: number;
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
  /** `chat.delete` calls: mostly posts withdrawn by an attempt that learned it was taken over (orphaned-post.ts). */
  deletedMessages: number;
  /** Jobs the queue gave up on (stalled too often, or failed for good). */
  failedJobs: number;
  /** Why they failed, as BullMQ recorded it, with how many jobs each. */
  failedReasons: Record<string, number>;
  /** Jobs still waiting, active or delayed when the scenario stopped looking. */
  unfinishedJobs: number;
  /** The questions answered more than once or never, with what the fakes saw of each, to look into. */
  suspects: Array<{
    questionId: string;
    duplicates: number;
    answered: boolean;
    modelRequests: number;
    calls: Record<string, number>;
  }>;
  /** Each worker's own counts, by process name. */
  perWorker: Record<string, WorkerCounts>;
  lockMs: number;
  hogs: number;
  workers: number;
  loadAverageAtEnd: number;
  wallMs: number;
}

export interface WorkerCounts {
  /** Jobs this worker's stalled check gave back to the queue (its own or the other worker's). */
  stalled: number;
  /** This worker's attempts that found their job taken over and stopped writing. */
  abandoned: number;
  /** Answers this worker finished. */
  answered: number;
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
      workers: plan.workers,
      // The workers' warnings (lost locks, abandoned attempts) explain a duplicate, if one appears.
      logDirectory: "bench/results/logs/overload",
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
        const workerMetrics = await Promise.all(
          Object.entries(session.bot.workerMetricsUrls).map(
            async ([name, url]) => [name, await scrapeSamples(url)] as const,
          ),
        );
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
          // Counters are each worker's own: summed. Queue gauges are the queue's: read from one worker.
          lockLosses: Object.fromEntries(
            lockEvents.map((event) => [
              event,
              sumOver(workerMetrics, "rte_job_lock_losses_total", { event }),
            ]),
          ),
          deletedMessages: rows.reduce((total, row) => total + (row.callsByMethod["chat.delete"] ?? 0), 0),
          abandoned: sumOver(workerMetrics, "rte_answers_total", { outcome: "abandoned" }),
          suspects: rows
            .filter((row) => row.duplicates > 0 || !row.answered)
            .map((row) => ({
              questionId: row.questionId,
              duplicates: row.duplicates,
              answered: row.answered,
              modelRequests: row.modelRequests,
              calls: row.callsByMethod,
            })),
          perWorker: Object.fromEntries(
            workerMetrics.map(([name, exposition]) => [
              name,
              {
                stalled: sumOf(exposition, "rte_job_lock_losses_total", { event: "stalled" }),
                abandoned: sumOf(exposition, "rte_answers_total", { outcome: "abandoned" }),
                answered: sumOf(exposition, "rte_answers_total", { outcome: "answered" }),
              },
            ]),
          ),
          failedJobs: sumOf(metrics, "rte_queue_jobs", { state: "failed" }),
          failedReasons,
          unfinishedJobs: pendingStates.reduce(
            (total, state) => total + sumOf(metrics, "rte_queue_jobs", { state }),
            0,
          ),
          lockMs,
          hogs: plan.hogs,
          workers: plan.workers,
          loadAverageAtEnd,
          wallMs,
        };
      } finally {
        await hogs.stop();
      }
    },
  );
}

function sumOver(
  expositions: ReadonlyArray<readonly [string, Exposition | undefined]>,
  name: string,
  labels: Record<string, string>,
): number {
  return expositions.reduce((total, [, exposition]) => total + sumOf(exposition, name, labels), 0);
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
