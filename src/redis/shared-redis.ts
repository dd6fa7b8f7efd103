import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { type ErrorCode, RteError } from "../core/errors.js";
import { checkChannel, countUsers, leaseConnectionName, leavingConnectionName } from "./lease-protocol.js";
import { ensureDataDir } from "./private-redis.js";
import {
  isAlive,
  isLockStale,
  lockHolder,
  readState,
  type ServerFiles,
  type ServerState,
  serverFiles,
} from "./server-files.js";

export interface SharedRedisLease {
  url: string;
  /**
   * Leaves the server. When this was its last user, waits (at most `waitMs`) until the supervisor has
   * stopped it, so nothing of rte is left running once the command returns.
   */
  release(options?: { waitMs?: number }): Promise<void>;
}

export interface SharedRedisOptions {
  /** The data folder (`<RTE_DATA_DIR>/redis`); the server, its lock and its state file live here. */
  folder: string;
  /** How long the server outlives its last user; default 1 s. */
  idleMs?: number;
  /** How long to wait for a server to become usable; default 30 s. */
  timeoutMs?: number;
}

/**
 * Joins the private redis-server of a data folder, starting it (through its supervisor) when none runs.
 * Every rte process on one folder shares one server; see redis-supervisor.ts for how it stops by itself.
 */
export async function leaseSharedRedis(options: SharedRedisOptions): Promise<SharedRedisLease> {
  const files = serverFiles(ensureDataDir(options.folder));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const state = readState(files);
    if (state && isAlive(state.supervisorPid)) {
      const lease = state.status === "running" ? await join(files, state) : undefined;
      if (lease) return leaseOf(lease, state, files);
    } else if (lockHolder(files) === undefined || isLockStale(files)) {
      await startSupervisor(files, options.idleMs ?? 1_000);
      continue;
    }
    // A server is starting or stopping: wait for it to settle.
    await sleep(100);
  }
  throw new RteError(
    "redis_start_timeout",
    `The private redis-server in ${files.folder} did not become ready in time; see ${files.log}. Set REDIS_URL to use a Redis you run.`,
    { permanent: true },
  );
}

/** Connects as a user, then checks the server was not announced as stopping meanwhile (see the supervisor). */
async function join(files: ServerFiles, state: ServerState): Promise<Redis | undefined> {
  const lease = new Redis({
    host: "127.0.0.1",
    port: state.port,
    connectionName: leaseConnectionName,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 1,
  });
  lease.on("error", () => {});
  try {
    await lease.connect();
    await lease.ping();
  } catch {
    lease.disconnect();
    return undefined;
  }
  const now = readState(files);
  if (now?.status === "running" && now.supervisorPid === state.supervisorPid && now.port === state.port) {
    // From here on, ride out a blip like any other connection would.
    lease.options.retryStrategy = (times) => Math.min(100 * times, 2_000);
    return lease;
  }
  lease.disconnect();
  return undefined;
}

function leaseOf(lease: Redis, state: ServerState, files: ServerFiles): SharedRedisLease {
  let released = false;
  return {
    url: `redis://127.0.0.1:${state.port}`,
    async release(options = {}) {
      if (released) return;
      released = true;
      let others = 1;
      try {
        await lease.call("CLIENT", "SETNAME", leavingConnectionName);
        others = await countUsers(lease);
        await lease.publish(checkChannel, "leaving");
      } catch {
        // The server is already gone or unreachable: nothing to wait for.
        others = 1;
      }
      lease.disconnect();
      if (others > 0) return;
      const until = Date.now() + (options.waitMs ?? 5_000);
      while (Date.now() < until && isAlive(state.supervisorPid) && readState(files)) await sleep(25);
    },
  };
}

/**
 * The supervisor runs from the built code (dist/redis/redis-supervisor.js). Tests that import the sources
 * still need a runnable file, so from src/ we point at the build (the test setup builds first).
 */
function supervisorScript(): string {
  const here = import.meta.url;
  return fileURLToPath(
    new URL(here.endsWith(".ts") ? "../../dist/redis/redis-supervisor.js" : "./redis-supervisor.js", here),
  );
}

/**
 * Starts a supervisor in a session of its own (`detached`): a terminal sends Ctrl-C and hang-ups to its
 * foreground process group, which must contain rte only. Resolves once it is ready or found another
 * supervisor already holding the folder; rejects with its error (redis-server missing, say).
 */
function startSupervisor(files: ServerFiles, idleMs: number): Promise<void> {
  const log = openSync(files.log, "a");
  const child = spawn(process.execPath, [supervisorScript(), files.folder, String(idleMs)], {
    detached: true,
    stdio: ["ignore", log, log, "ipc"],
  });
  closeSync(log);
  return new Promise<void>((resolve, reject) => {
    child.once("message", (message: { kind: string; code?: string; message?: string }) => {
      if (message.kind === "error") {
        reject(
          new RteError((message.code ?? "redis_start_failed") as ErrorCode, message.message ?? "", {
            permanent: true,
          }),
        );
      } else {
        resolve();
      }
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(
        new RteError(
          "redis_supervisor_failed",
          `The private redis-server's supervisor exited with code ${code}; see ${files.log}. Set REDIS_URL to use a Redis you run.`,
        ),
      ),
    );
  }).finally(() => {
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
  });
}
