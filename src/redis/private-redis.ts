import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { errorMessage, RteError } from "../core/errors.js";

export interface PrivateRedis {
  url: string;
  /** The redis-server process id, for callers that must guarantee it never outlives them (the benchmark). */
  pid: number | undefined;
  stop(): Promise<void>;
  /** Resolves when the redis-server process has exited, whoever stopped it. */
  exited: Promise<void>;
}

export interface PrivateRedisOptions {
  /** Folder for the append-only file; created if missing. */
  dataDir: string;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Default: `redis-server` from PATH. */
  command?: string;
}

/**
 * Starts a redis-server of our own on 127.0.0.1 (for `rte serve/ask/chat` without REDIS_URL, and for the
 * tests). AOF is on so queued questions survive a restart; eviction is off because BullMQ needs every key.
 */
export async function startPrivateRedis(options: PrivateRedisOptions): Promise<PrivateRedis> {
  const dataDir = ensureDataDir(options.dataDir);
  const port = options.port ?? (await freePort());
  const command = options.command ?? "redis-server";
  const child = spawn(
    command,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dataDir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--maxmemory-policy",
      "noeviction",
      "--protected-mode",
      "yes",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolvePromise) => child.once("exit", () => resolvePromise()));
  await waitUntilReady(child, command);
  return {
    exited,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

function waitUntilReady(child: ChildProcess, command: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = "";
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start within 10 s:\n${output}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        cleanup();
        resolvePromise();
      }
    };
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        fail(
          new RteError(
            "redis_not_installed",
            `${command} was not found on PATH. Install Redis (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL to a Redis you run.`,
            { permanent: true },
          ),
        );
      } else {
        fail(error);
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`redis-server exited with code ${code}:\n${output}`));
    const fail = (error: Error) => {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("error", onError);
      child.off("exit", onExit);
      // Keep draining output so a chatty redis-server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", onError);
    child.on("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill("SIGTERM");
  });
}

/** Creates the private Redis data folder, or says how to do without one. Returns its absolute path. */
export function ensureDataDir(folder: string): string {
  const dataDir = resolve(folder);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    // The usual cause: a container (non-root, read-only /app, no redis-server) started without REDIS_URL.
    throw new RteError(
      "redis_data_dir",
      `Cannot create ${dataDir} for a private redis-server (${errorMessage(error)}). Set REDIS_URL to a Redis you run, or RTE_DATA_DIR to a folder this user can write.`,
      { permanent: true, cause: error },
    );
  }
  return dataDir;
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
