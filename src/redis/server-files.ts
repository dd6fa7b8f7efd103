import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The files beside a shared private redis-server's data (`<RTE_DATA_DIR>/redis/`):
 * - `supervisor.lock`: created exclusively (O_EXCL) by the one supervisor of this folder, holding its pid.
 *   Whoever creates it may start a redis-server here; nobody else may. A lock whose pid is dead is stale.
 * - `server.json`: what users need to find the server (port, pids) and whether it is stopping; replaced
 *   atomically (write, then rename) so a reader never sees half of it.
 * - `supervisor.log`: the supervisor's own errors, since it has no terminal.
 */
export interface ServerFiles {
  folder: string;
  lock: string;
  state: string;
  log: string;
}

export interface ServerState {
  supervisorPid: number;
  redisPid: number;
  port: number;
  /** "stopping": the supervisor found no users and is about to shut the server down; do not join it. */
  status: "running" | "stopping";
}

export function serverFiles(folder: string): ServerFiles {
  return {
    folder,
    lock: join(folder, "supervisor.lock"),
    state: join(folder, "server.json"),
    log: join(folder, "supervisor.log"),
  };
}

export function readState(files: ServerFiles): ServerState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(files.state, "utf8")) as Partial<ServerState>;
    if (
      typeof parsed.supervisorPid === "number" &&
      typeof parsed.redisPid === "number" &&
      typeof parsed.port === "number" &&
      (parsed.status === "running" || parsed.status === "stopping")
    ) {
      return parsed as ServerState;
    }
  } catch {
    // Missing or unreadable: there is no server to join.
  }
  return undefined;
}

export function writeState(files: ServerFiles, state: ServerState): void {
  const temporary = `${files.state}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, files.state);
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid in the lock file; undefined when there is no lock; 0 while its creator has not written it yet. */
export function lockHolder(files: ServerFiles): number | undefined {
  try {
    return Number.parseInt(readFileSync(files.lock, "utf8"), 10) || 0;
  } catch {
    return undefined;
  }
}

/** A lock left by a process that is gone, or one created but never written within 10 s (its creator died). */
export function isLockStale(files: ServerFiles): boolean {
  const holder = lockHolder(files);
  if (holder === undefined) return false;
  if (holder === 0) {
    try {
      return Date.now() - statSync(files.lock).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  return !isAlive(holder);
}

/**
 * Takes the lock for this process, taking over a stale one. Returns false when a live process holds it.
 *
 * Takeover races safely: each contender renames the stale lock to a name of its own (rename is atomic, so
 * only one gets that file), checks it really holds the dead pid it judged, and only then deletes it and
 * competes for a fresh exclusive create. A contender that grabbed a live lock by mistake puts it back.
 */
export function acquireLock(files: ServerFiles): boolean {
  for (let tries = 0; tries < 5; tries++) {
    try {
      const descriptor = openSync(files.lock, "wx");
      writeFileSync(descriptor, String(process.pid));
      closeSync(descriptor);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (!isLockStale(files)) return false;
    const judged = lockHolder(files);
    const mine = `${files.lock}.stale.${process.pid}`;
    try {
      renameSync(files.lock, mine);
    } catch {
      continue; // another contender moved it first; try the exclusive create again
    }
    const moved = Number.parseInt(readFileSync(mine, "utf8"), 10) || 0;
    if (moved !== judged && isAlive(moved)) {
      try {
        renameSync(mine, files.lock);
      } catch {
        // Nothing better to do: the live holder keeps running; its lock file is simply gone.
      }
      return false;
    }
    rmSync(mine, { force: true });
  }
  return false;
}

/** Removes the lock only if this process still holds it. */
export function releaseLock(files: ServerFiles): void {
  if (lockHolder(files) === process.pid) rmSync(files.lock, { force: true });
}
