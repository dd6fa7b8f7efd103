import { getPriority, setPriority } from "node:os";

/**
 * Lowers the calling thread's CPU priority to `niceness`, never raising it (a worker started at
 * `RTE_WORKER_NICE=15` keeps 15). The model thread calls it as it starts: it reads Claude's streams, work
 * that can wait a few milliseconds for a core without changing what anyone sees (its text crosses to the
 * main thread every 250 ms, and Slack shows an answer at most once a second), so on a machine it shares
 * with `rte ingress`, Redis and the worker's own event loop, those get the core first: it lowered the
 * burst bench's ack p99 (docs/performance.md, session 15, has the pairs).
 *
 * Linux only: there `setpriority(PRIO_PROCESS, 0)` sets the calling thread, since Linux keeps a nice value
 * per thread. Elsewhere (macOS) it would set the whole process, main thread included, so it does nothing.
 */
export function lowerThisThread(niceness: number): void {
  if (process.platform !== "linux" || niceness <= 0) return;
  try {
    if (getPriority(0) < niceness) setPriority(0, niceness);
  } catch {
    // Lowering needs no privilege, but a sandbox may forbid the call: the thread then runs at its
    // process's priority, which only gives up the ordering, not the answers.
  }
}
