/**
 * Starts and stops every process of a benchmark run and guarantees none outlives it: each child is stopped
 * with SIGTERM (SIGKILL after a grace period) by `stop()` or `stopAll()`, and a detached reaper process kills
 * whatever is left if the benchmark itself dies before it could. A child that exits on its own aborts its
 * `failed` signal, so a scenario waiting on it stops at once with the child's last output.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

export interface ChildOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Opens an IPC channel (for the probe and the fakes host). */
  ipc?: boolean;
  /** How long SIGTERM is given before SIGKILL. Default 10 s. */
  stopGraceMs?: number;
  /** Also writes everything the child prints to this file (its folder must exist), to read after a run. */
  logFile?: string;
}

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last few kilobytes the child wrote to stdout and stderr. */
  output(): string;
  /** Aborted, with the child's output in the reason, when it exits without being asked to. */
  failed: AbortSignal;
  stop(): Promise<void>;
}

export interface Supervisor {
  start(name: string, options: ChildOptions): Child;
  /** Hands a process started elsewhere (the private redis-server) and its folder to the orphan guard. */
  adopt(pid: number, folder?: string): void;
  stopAll(): Promise<void>;
}

const outputLimit = 16_384;
const reaperPath = fileURLToPath(new URL("./reaper.js", import.meta.url));

export function createSupervisor(): Supervisor {
  const reaper = fork(reaperPath, [], { detached: true, stdio: ["ignore", "ignore", "ignore", "ipc"] });
  reaper.unref();
  reaper.channel?.unref();
  const children = new Set<Child>();

  const start = (name: string, options: ChildOptions): Child => {
    const stdio = options.ipc
      ? (["ignore", "pipe", "pipe", "ipc"] as const)
      : (["ignore", "pipe", "pipe"] as const);
    const child = spawn(options.command, options.args, {
      env: options.env,
      cwd: options.cwd ?? process.cwd(),
      stdio: [...stdio],
    });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${options.command})`);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-outputLimit);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    if (options.logFile) {
      const log = createWriteStream(options.logFile);
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      child.once("exit", () => log.end());
    }
    let stopping = false;
    const failure = new AbortController();
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.once("exit", (code, signal) => {
      children.delete(handle);
      reaper.send({ untrack: child.pid }, () => {});
      if (!stopping) {
        failure.abort(
          new Error(`${name} exited (code ${code}, signal ${signal}). Its last output:\n${output}`),
        );
      }
    });
    const handle: Child = {
      name,
      pid: child.pid,
      process: child,
      output: () => output,
      failed: failure.signal,
      async stop() {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const timer = setTimeout(() => child.kill("SIGKILL"), options.stopGraceMs ?? 10_000);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(timer);
      },
    };
    children.add(handle);
    reaper.send({ track: child.pid }, () => {});
    return handle;
  };

  return {
    start,
    adopt(pid, folder) {
      reaper.send({ track: pid, ...(folder ? { folder } : {}) }, () => {});
    },
    async stopAll() {
      await Promise.all([...children].reverse().map((child) => child.stop()));
      if (reaper.connected) reaper.disconnect();
    },
  };
}

/** Starts a Node script of the benchmark (compiled, next to this file's folder) with an IPC channel. */
export function nodeScript(relativePath: string): string {
  return fileURLToPath(new URL(`../${relativePath}`, import.meta.url));
}
