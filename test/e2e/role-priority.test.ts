import { afterEach, describe, expect, inject, it } from "vitest";
import { type RunningCli, startCli } from "../support/start-cli.js";
import { testPrefix } from "../support/test-prefix.js";
import { threadNiceness, threadsPerNiceness } from "../support/thread-niceness.js";

/** The nice values a process's threads run at, lowest first. */
const niceValues = (threads: Map<number, number>) => [...threads.keys()].sort((a, b) => a - b);

const environment = () => ({
  REDIS_URL: inject("redisUrl"),
  RTE_QUEUE_PREFIX: testPrefix(),
  ANTHROPIC_API_KEY: "test-key",
  ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
});

// Niceness is per thread on Linux, read from /proc; raising it needs root, which CI has.
describe.runIf(process.platform === "linux" && process.getuid?.() === 0)("the roles' priorities", () => {
  const running: RunningCli[] = [];
  afterEach(async () => {
    for (const cli of running.splice(0)) await cli.kill();
  });

  it("rte ingress runs every thread at RTE_INGRESS_NICE's default of -10, so its acks come first", async () => {
    const ingress = await startCli(["ingress"], environment());
    running.push(ingress);
    expect(new Set(threadNiceness(ingress.child.pid as number))).toEqual(new Set([-10]));
  });

  // The model thread runs at RTE_MODEL_THREAD_NICE's default of 10 in either case.
  it("rte worker keeps the priority it was started with, unless RTE_WORKER_NICE lowers it", async () => {
    const plain = await startCli(["worker"], environment());
    running.push(plain);
    const lowered = await startCli(["worker"], { ...environment(), RTE_WORKER_NICE: "5" });
    running.push(lowered);
    const threadAtProcessPriority = await startCli(["worker"], {
      ...environment(),
      RTE_MODEL_THREAD_NICE: "0",
    });
    running.push(threadAtProcessPriority);
    // One thread reads Claude's streams: the model thread.
    const plainThreads = threadsPerNiceness(plain.child.pid as number);
    expect(niceValues(plainThreads)).toEqual([0, 10]);
    expect(plainThreads.get(10)).toBe(1);
    const loweredThreads = threadsPerNiceness(lowered.child.pid as number);
    expect(niceValues(loweredThreads)).toEqual([5, 10]);
    expect(loweredThreads.get(10)).toBe(1);
    expect(new Set(threadNiceness(threadAtProcessPriority.child.pid as number))).toEqual(new Set([0]));
  });
});
