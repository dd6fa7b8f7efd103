export interface WorkerTiming {
  /** How long a job's lock lasts without renewal; a dead worker's job is taken over soon after. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. */
  stalledIntervalMs: number;
  /** How long a follow-up waits before checking again whether the answer before it is done. */
  orderPollMs: number;
  /** After SIGTERM, how long in-flight answers may run before they are handed back to the queue. */
  shutdownGraceMs: number;
}

/**
 * A killed worker's job must be resumed within about 20 s (../shared/DESIGN.md, see docs/architecture.md).
 * BullMQ takes over a job at the second stalled check after its lock expires, so: lock 8 s + up to two
 * 5 s checks ≈ 18 s.
 */
export const defaultWorkerTiming: WorkerTiming = {
  lockDurationMs: 8_000,
  stalledIntervalMs: 5_000,
  orderPollMs: 300,
  shutdownGraceMs: 25_000,
};
