import type { Redis } from "ioredis";

/**
 * How rte processes and the supervisor of a shared private redis-server talk. A user is an open Redis
 * connection named `rte-lease`: the kernel closes it when the process dies, however it dies (SIGKILL, a
 * closed terminal, a crash), so liveness needs no renewal timers and no cleanup by the dying process.
 */
export const leaseConnectionName = "rte-lease";

/** The name a leaving user gives its connection just before it goes, so it no longer counts. */
export const leavingConnectionName = "rte-leaving";

/** A user publishes here when it leaves, so the supervisor checks at once instead of at its next poll. */
export const checkChannel = "rte-private-redis:check";

/** How many rte processes are using this server right now. */
export async function countUsers(redis: Redis): Promise<number> {
  const list = String(await redis.call("CLIENT", "LIST", "TYPE", "normal"));
  return list.split("\n").filter((line) => / name=rte-lease( |$)/.test(line)).length;
}
