/**
 * Processes that only burn CPU, for the overload scenario: on a machine with few cores they take the CPU
 * from the worker beside them, as a noisy neighbour or an undersized machine would, so its event loop
 * runs late and its job locks lapse. Started under the supervisor, so none outlives the benchmark.
 */
import type { Child, Supervisor } from "./supervisor.js";

export interface CpuHogs {
  stop(): Promise<void>;
}

export function startCpuHogs(supervisor: Supervisor, count: number): CpuHogs {
  const hogs: Child[] = Array.from({ length: count }, (_, index) =>
    supervisor.start(`cpu-hog-${index + 1}`, {
      command: process.execPath,
      args: ["-e", "for (;;) {}"],
      env: { PATH: process.env.PATH ?? "" },
      stopGraceMs: 1_000,
    }),
  );
  return {
    async stop() {
      await Promise.all(hogs.map((hog) => hog.stop()));
    },
  };
}
