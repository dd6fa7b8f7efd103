/**
 * The orphan guard: a tiny detached process that the benchmark tells the pid of every process it starts.
 * When the benchmark's IPC channel closes — it finished, crashed or was killed with SIGKILL — the reaper
 * sends SIGTERM to whatever is still alive, SIGKILL 3 s later, and exits. A benchmark that ends normally has
 * stopped everything itself, so the reaper then finds nothing to do. Folders it was told about (the
 * redis-server's data) are removed last.
 */
import { rmSync } from "node:fs";

const tracked = new Set<number>();
const folders = new Set<string>();
const graceMs = 3_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

process.on("message", (message: unknown) => {
  const { track, untrack, folder, keepFolder } = (message ?? {}) as Record<string, unknown>;
  if (typeof track === "number") tracked.add(track);
  if (typeof untrack === "number") tracked.delete(untrack);
  if (typeof folder === "string") folders.add(folder);
  if (typeof keepFolder === "string") folders.delete(keepFolder);
});

function finish(): never {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  process.exit(0);
}

process.on("disconnect", () => {
  const survivors = [...tracked].filter(isAlive);
  if (survivors.length === 0) finish();
  signal(survivors, "SIGTERM");
  setTimeout(() => {
    signal(survivors.filter(isAlive), "SIGKILL");
    setTimeout(finish, 100);
  }, graceMs);
});
