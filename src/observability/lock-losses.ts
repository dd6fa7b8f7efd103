import { Counter, type Registry } from "prom-client";
import { errorMessage } from "../core/errors.js";

/** What the counter needs of a BullMQ Worker: the events it emits when a job's lock is gone. */
export interface LockEvents {
  on(event: "stalled", listener: (jobId: string) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** What BullMQ says when a job's lock is gone, by the `event` label it is counted under. */
const lockErrors: Array<[RegExp, string]> = [
  [/^Missing lock/, "missing-lock"],
  [/^Lock mismatch/, "lock-mismatch"],
  [/^could not renew lock/, "renewal-failed"],
];

/**
 * `rte_job_lock_losses_total{event}`: how often a worker lost hold of an answer's job, the sign of a worker
 * too starved to renew its locks in time. `stalled`: this worker's stalled check gave a job whose lock had
 * lapsed back to the queue; `missing-lock` / `lock-mismatch`: an attempt tried to finish a job it no
 * longer held; `renewal-failed`: a renewal found the lock gone. Attempts that stopped writing because of it
 * are `rte_answers_total{outcome="abandoned"}`. None of these is a duplicate or a lost answer by itself:
 * the ledger fences every write, and the next attempt resumes the answer. One loss may be reported more
 * than once (finishing and then failing a job both find its lock missing).
 */
export function createLockLossCounter(registry: Registry): { watch(worker: LockEvents): void } {
  const losses = new Counter({
    name: "rte_job_lock_losses_total",
    help: "Times a worker lost hold of an answer's job (stalled, missing-lock, lock-mismatch, renewal-failed)",
    labelNames: ["event"] as const,
    registers: [registry],
  });
  return {
    watch(worker) {
      worker.on("stalled", () => losses.inc({ event: "stalled" }));
      worker.on("error", (error) => {
        const message = errorMessage(error);
        const match = lockErrors.find(([pattern]) => pattern.test(message));
        if (match) losses.inc({ event: match[1] });
      });
    },
  };
}
