import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { errorMessage, RteError } from "../core/errors.js";
import { checkChannel, countUsers } from "./lease-protocol.js";
import { type PrivateRedis, startPrivateRedis } from "./private-redis.js";
import {
  acquireLock,
  isAlive,
  readState,
  releaseLock,
  type ServerFiles,
  type ServerState,
  serverFiles,
  writeState,
} from "./server-files.js";

/**
 * The supervisor of one data folder's shared redis-server: `node redis-supervisor.js <folder> [idleMs]`,
 * started by the first rte process that finds no server (see shared-redis.ts), in a session of its own so a
 * terminal's Ctrl-C or hang-up never reaches it or its redis-server.
 *
 * Why a supervisor rather than leases renewed in Redis plus a watchdog: something outside the rte
 * processes has to act when the last of them dies without cleaning up, so a watchdog process is needed
 * either way; given one, the users' own connections are a better liveness signal than renewed keys (the
 * kernel closes them the instant a process dies, with no timers to tune). So this process owns the lock,
 * starts redis-server as its child, counts `rte-lease` connections and shuts the server down (AOF flushed)
 * once none has been left for `idleMs`.
 */
const pollMs = 500;
/** Before its first user has connected: generous, for a starter on a loaded machine. */
const startupGraceMs = 15_000;

type Message =
  | { kind: "ready"; port: number }
  | { kind: "busy" }
  | { kind: "error"; code: string; message: string };

async function main(folder: string, idleMs: number): Promise<void> {
  const send = (message: Message) => process.send?.(message);
  // The starter disconnects once we are ready; we live on without it.
  process.on("disconnect", () => {});
  process.on("SIGHUP", () => {});
  const files = serverFiles(folder);
  if (!acquireLock(files)) {
    send({ kind: "busy" });
    return;
  }
  let redis: PrivateRedis;
  try {
    await stopOrphan(files);
    redis = await startPrivateRedis({ dataDir: folder });
  } catch (error) {
    releaseLock(files);
    send({
      kind: "error",
      code: error instanceof RteError ? error.code : "redis_start_failed",
      message: errorMessage(error),
    });
    process.exitCode = 1;
    return;
  }
  const port = Number(new URL(redis.url).port);
  const state: ServerState = {
    supervisorPid: process.pid,
    redisPid: redis.pid ?? 0,
    port,
    status: "running",
  };
  writeState(files, state);
  send({ kind: "ready", port });
  await watch(files, state, redis, idleMs);
}

async function watch(files: ServerFiles, state: ServerState, redis: PrivateRedis, idleMs: number) {
  const monitor = new Redis({ host: "127.0.0.1", port: state.port, connectionName: "rte-supervisor" });
  monitor.on("error", () => {});
  const subscriber = monitor.duplicate();
  subscriber.on("error", () => {});
  let lastUserAt = Date.now() + startupGraceMs - idleMs;
  let done = false;
  let checking = false;

  const finish = async (reason: string) => {
    if (done) return;
    done = true;
    monitor.disconnect();
    subscriber.disconnect();
    await redis.stop();
    rmSync(files.state, { force: true });
    releaseLock(files);
    process.stderr.write(
      `${new Date().toISOString()} stopped redis-server on port ${state.port}: ${reason}\n`,
    );
  };
  const check = async (graceMs: number) => {
    if (checking || done) return;
    checking = true;
    try {
      if ((await countUsers(monitor)) > 0) {
        lastUserAt = Date.now();
        return;
      }
      if (Date.now() - lastUserAt < graceMs) return;
      // Announce "stopping" first, then count once more: a user joining at this moment either connected
      // before this count (we see it and carry on) or reads "stopping" after connecting (it leaves and
      // retries). Either way nobody is left holding a server that is going away.
      announce(files, { ...state, status: "stopping" });
      if ((await countUsers(monitor)) > 0) {
        announce(files, state);
        lastUserAt = Date.now();
        return;
      }
      await finish("no rte process uses it any more");
    } catch {
      // Redis not answering: its exit (below) ends us if it is gone; otherwise the next poll tries again.
    } finally {
      checking = false;
    }
  };

  void redis.exited.then(() => finish("redis-server exited"));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void finish(signal));
  await subscriber.subscribe(checkChannel).catch(() => {});
  subscriber.on("message", () => void check(0));
  while (!done) {
    await sleep(pollMs);
    await check(idleMs);
  }
}

/**
 * Writes the state file, unless the folder is gone (`rm -rf .rte` while rte ran): then no new user can find
 * this server, and stopping it must not wait on a file that cannot be written, or it would run forever.
 */
function announce(files: ServerFiles, state: ServerState): void {
  try {
    writeState(files, state);
  } catch {
    // Nothing to announce to.
  }
}

/** A redis-server left running by a supervisor that was killed: shut it down before starting ours. */
async function stopOrphan(files: ServerFiles): Promise<void> {
  const previous = readState(files);
  if (!previous || !isAlive(previous.redisPid)) return;
  const redis = new Redis({
    host: "127.0.0.1",
    port: previous.port,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 1,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    // Only ours: the pid must match, so a port reused by another program is left alone.
    const info = await redis.info("server");
    if (!info.includes(`process_id:${previous.redisPid}\r\n`)) return;
    await redis.call("SHUTDOWN").catch(() => {});
  } catch {
    return;
  } finally {
    redis.disconnect();
  }
  for (let waited = 0; waited < 10_000 && isAlive(previous.redisPid); waited += 100) await sleep(100);
}

const [folder, idle] = process.argv.slice(2);
if (!folder) {
  process.stderr.write("usage: redis-supervisor.js <folder> [idleMs]\n");
  process.exitCode = 2;
} else {
  main(folder, Number(idle ?? 1_000)).then(
    () => {
      // Timers or sockets may linger after the server stopped; the work is done.
      setTimeout(() => process.exit(), 200).unref();
    },
    (error: unknown) => {
      process.stderr.write(`${new Date().toISOString()} supervisor failed: ${errorMessage(error)}\n`);
      releaseLock(serverFiles(folder));
      process.exit(1);
    },
  );
}
