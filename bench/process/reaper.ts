/**
 * The orphan guard: a tiny detached process that the benchmark tells the pid of every process it starts.
 * When the benchmark's IPC channel closes — it finished, crashed or was killed with SIGKILL — the reaper
 * sends SIGTERM to whatever is still alive, SIGKILL 3 s later, and exits. A benchmark that ends normally has
 * stopped everything itself, so the reaper then finds nothing to do.
 */
const tracked = new Set<number>();
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
  const { track, untrack } = (message ?? {}) as { track?: number; untrack?: number };
  if (typeof track === "number") tracked.add(track);
  if (typeof untrack === "number") tracked.delete(untrack);
});

process.on("disconnect", () => {
  const survivors = [...tracked].filter(isAlive);
  if (survivors.length === 0) process.exit(0);
  signal(survivors, "SIGTERM");
  setTimeout(() => {
    signal(survivors.filter(isAlive), "SIGKILL");
    process.exit(0);
  }, graceMs);
});
