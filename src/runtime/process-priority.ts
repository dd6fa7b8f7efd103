import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import type { Config } from "../config.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Role } from "./start-roles.js";

/**
 * The priority each role's process asks for, so that on a machine `rte ingress` shares with `rte worker`
 * Slack's acks (a 3 s deadline, which Slack retries after) get the CPU before answers do: the ingress
 * raises itself (`RTE_INGRESS_NICE`) and the worker may lower itself (`RTE_WORKER_NICE`). On a machine of
 * its own neither changes anything, since niceness only matters while threads wait for a core. `rte serve`
 * runs both in one process, where there is nothing to order.
 */
export function applyRolePriority(role: Role, config: Readonly<Config>, logger: Logger): void {
  if (role === "ingress" && config.ingressNiceness < 0) {
    const refused = setNiceness(config.ingressNiceness, "raise");
    if (refused !== undefined) {
      logger.info(
        { niceness: config.ingressNiceness, error: errorMessage(refused) },
        "rte ingress could not raise its priority: that needs root or CAP_SYS_NICE. It runs as started, so on a machine shared with `rte worker` acks may wait behind answers; RTE_INGRESS_NICE=0 stops asking.",
      );
    }
  }
  if (role === "worker" && config.worker.niceness > 0) {
    const refused = setNiceness(config.worker.niceness, "lower");
    if (refused !== undefined) {
      logger.info(
        { niceness: config.worker.niceness, error: errorMessage(refused) },
        "rte worker could not lower its priority",
      );
    }
  }
}

/**
 * Sets every thread of this process to `niceness`, in one direction only: "lower" never makes a thread
 * more urgent than it is (a process started with `nice -n 15` keeps its own), "raise" never makes one less
 * urgent. Lowering needs no privilege; raising needs root or CAP_SYS_NICE. Returns the first refusal.
 *
 * Linux keeps a nice value per thread, and a thread inherits its creator's: the threads V8 started before
 * this runs (GC helpers, the compiler) are set one by one from /proc/self/task, and those started later
 * (the model thread, libuv's pool) inherit the main thread's. Without /proc, only the calling thread is set.
 */
export function setNiceness(niceness: number, direction: "lower" | "raise"): unknown {
  let threads: number[];
  try {
    threads = readdirSync("/proc/self/task").map(Number);
  } catch {
    threads = [0];
  }
  let refused: unknown;
  for (const thread of threads) {
    try {
      const current = getPriority(thread);
      if (direction === "lower" ? current < niceness : current > niceness) setPriority(thread, niceness);
    } catch (error) {
      // Not permitted (raising without the privilege), or a thread that ended meanwhile.
      refused ??= error;
    }
  }
  return refused;
}
