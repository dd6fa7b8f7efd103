/** The machine a run measured, for the results and the README. */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, release, totalmem } from "node:os";

export function describeMachine() {
  const processors = cpus();
  let redisVersion = "unknown";
  try {
    redisVersion =
      /v=(\S+)/.exec(execFileSync("redis-server", ["--version"], { encoding: "utf8" }))?.[1] ?? redisVersion;
  } catch {
    // reported as unknown
  }
  const machine = {
    cpu: processors[0]?.model ?? "unknown",
    cores: processors.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()}`,
    node: process.version,
    redis: redisVersion,
    /** Other work on the machine skews every figure; a run records the 1-minute load when it starts. */
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
  return {
    ...machine,
    summary: `${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, Redis ${machine.redis}`,
  };
}
