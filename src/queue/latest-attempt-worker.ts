import { type Job, type LockManager, Worker } from "bullmq";

/**
 * A BullMQ Worker that keeps renewing the lock of a job's latest attempt when an older attempt of the same
 * job ends on the same worker.
 *
 * BullMQ's lock manager renews one lock per job id, and every attempt, when it ends, untracks its job id
 * (bullmq 6.7 `Worker.processJob`). A starved worker's lock lapses, the stalled check hands the job back to
 * the queue, and this same worker often takes it again: the new attempt is tracked in place of the old one,
 * and then the old attempt learns it lost the job, ends, and untracks the job id, which stops the renewals
 * of the new attempt. Its lock then lapses after one lock period, the job stalls again, the next attempt is
 * untracked the same way, and after `maxStalledCount` stalls BullMQ fails the job: the overload benchmark's
 * lost answers were exactly such jobs. Here an untrack is ignored while the job's latest attempt is still
 * running its processor: BullMQ untracks only after an attempt's processor has ended (or before it ever
 * started), so an untrack that comes while the latest one runs belongs to an older attempt.
 *
 * Which attempt runs is known from `callProcessJob`, BullMQ's protected call of the processor, rather than
 * from an AsyncLocalStorage around each attempt: in Node 20 any AsyncLocalStorage turns on promise hooks
 * for the whole process, a cost on every promise of every answer (about 2 % of a streaming worker's CPU).
 */
export class LatestAttemptWorker<Data> extends Worker<Data> {
  /** Job id → lock token of the latest attempt running here; set by createLockManager (see there). */
  declare private latest: Map<string, string>;
  /** Lock tokens of the attempts whose processor is running here now. */
  declare private processing: Set<string>;

  // Called by BullMQ's constructor, before this class's fields would be initialised: hence `declare`.
  protected override createLockManager(): void {
    super.createLockManager();
    this.processing = new Set();
    this.latest = followLatestAttempt(this.lockManager, this.processing);
  }

  /**
   * Runs `keep` with the attempts running here (job id → lock token) right before each of this worker's own
   * stalled checks, so it can take back the locks of its live attempts that lapsed while it was starved
   * (queue/own-locks.ts). BullMQ's check is a private method, called as `this.moveStalledJobsToWait()` from
   * its timer (bullmq 6.7), hence the wrapping.
   */
  keepOwnJobsBeforeStalledCheck(keep: (attempts: ReadonlyMap<string, string>) => Promise<void>): void {
    const worker = this as unknown as { moveStalledJobsToWait(): Promise<void> };
    const check = worker.moveStalledJobsToWait.bind(this);
    worker.moveStalledJobsToWait = async () => {
      // A failed take-back must not cost the check itself, which is what finds dead workers' jobs.
      if (this.latest.size > 0)
        await keep(this.latest).catch((error: unknown) => this.emit("error", error as Error));
      await check();
    };
  }

  protected override async callProcessJob(job: Job<Data>, token: string, signal?: AbortSignal) {
    this.processing.add(token);
    try {
      return await super.callProcessJob(job, token, signal);
    } finally {
      this.processing.delete(token);
    }
  }
}

function followLatestAttempt(manager: LockManager, running: ReadonlySet<string>): Map<string, string> {
  /** The token of each job's latest tracked attempt. */
  const latest = new Map<string, string>();
  const track = manager.trackJob.bind(manager);
  const untrack = manager.untrackJob.bind(manager);
  manager.trackJob = (jobId, token, ts, shouldCreateController) => {
    latest.set(jobId, token);
    return track(jobId, token, ts, shouldCreateController);
  };
  manager.untrackJob = (jobId) => {
    const token = latest.get(jobId);
    // An older attempt ending: the latest one still runs and needs its renewals.
    if (token !== undefined && running.has(token)) return;
    latest.delete(jobId);
    untrack(jobId);
  };
  return latest;
}
