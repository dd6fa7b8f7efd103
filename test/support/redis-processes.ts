import { execFileSync } from "node:child_process";
import { readlinkSync } from "node:fs";

/**
 * redis-server processes serving this folder. redis-server rewrites its command line to
 * `redis-server 127.0.0.1:PORT`, so look at its working directory instead: it changes into its --dir.
 */
export function redisServersUnder(folder: string): string[] {
  let pids: string[];
  try {
    pids = execFileSync("pgrep", ["-x", "redis-server"], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return pids.filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(folder);
    } catch {
      return false; // exited meanwhile
    }
  });
}

/** Polls a condition with a generous bound: state, not speed, is what the tests check. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
