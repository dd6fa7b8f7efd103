import { type ChildProcess, spawn } from "node:child_process";
import { cliPath } from "./run-cli.js";

export interface RunningCli {
  /** The HTTP port the process reported in its "rte is running" log line. */
  port: number;
  child: ChildProcess;
  stderr(): string;
  /** SIGKILL, and wait for the exit: for tests that leave the process in a state it cannot stop from. */
  kill(): Promise<void>;
}

/**
 * Starts a long-running role (`serve`, `ingress`, `worker`) of the built CLI with PORT=0 and resolves once
 * it logs that it is running, with the port it got. Logs are JSON because stderr is a pipe.
 */
export function startCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<RunningCli> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH ?? "", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`rte ${args.join(" ")} did not start within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`rte ${args.join(" ")} exited with ${code} before it ran:\n${stderr}`));
    };
    child.once("exit", exitedEarly);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const running = stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { msg?: string; port?: number })
        .find((line) => line.msg?.startsWith("rte is running"));
      if (running?.port !== undefined) {
        clearTimeout(timer);
        child.off("exit", exitedEarly);
        resolve({ port: running.port, child, stderr: () => stderr, kill });
      }
    });
  });
}
