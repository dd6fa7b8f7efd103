import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createTerminalSession } from "../../src/adapters/terminal/terminal-session.js";
import { finishesWithin } from "../../src/core/finishes-within.js";
import { freePort, type PrivateRedis, startPrivateRedis } from "../../src/redis/private-redis.js";
import { startTerminalHarness } from "../support/terminal-harness.js";
import { waitUntil } from "../support/wait-until.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;

describe("the pipeline under restarts and shutdowns", () => {
  let harness: Harness | undefined;
  let redis: PrivateRedis | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await harness?.close();
    await redis?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
    harness = undefined;
    redis = undefined;
  });

  it("answers every question in flight when redis-server restarts", async () => {
    folder = mkdtempSync(join(tmpdir(), "rte-restart-"));
    const port = await freePort();
    redis = await startPrivateRedis({ dataDir: folder, port });
    harness = await startTerminalHarness({}, { redisUrl: redis.url });
    expect(harness.pipeline.producerRedis.options.port).toBe(port);
    harness.anthropic.setPace({ tokensPerSecond: 40 }); // ~160 characters a second: answers take ~1 s
    const answers = Array.from(
      { length: 5 },
      (_, index) => `Answer ${index}: use acknowledgements and retries.`,
    );
    harness.anthropic.respondWith((request) => {
      const question = JSON.stringify(request.body.messages);
      const index = Number(/question (\d)/.exec(question)?.[1] ?? 0);
      return { kind: "answer", text: answers[index] ?? "?" };
    });

    const sessions = answers.map(() => startSession(harness as Harness));
    const outcomes = Promise.all(sessions.map((ask, index) => ask(`question ${index}`)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.stop();
    redis = await startPrivateRedis({ dataDir: folder, port });

    expect(await outcomes).toEqual(answers.map(() => ({ ok: true })));
    await waitForCompleted(harness, 5);
  });

  it("closes promptly when the worker's blocking connection is waiting to reconnect", async () => {
    harness = await startTerminalHarness();
    // The blocking connection BullMQ duplicated from the worker's: an ioredis client behind BullMQ's adapter.
    const blocking = (await harness.worker.worker.getBackend().blockingClient) as unknown as Redis;
    const waiting = new Promise((resolve) => blocking.once("reconnecting", resolve));
    const id = await clientId(harness.pipeline.producerRedis, blocking.options.connectionName ?? "");
    // As after a Redis restart: the connection is lost and waits out its retry delay before reconnecting.
    await harness.pipeline.producerRedis.client("KILL", "ID", id);
    await waiting;

    const closing = harness.close();
    harness = undefined;

    expect(await finishesWithin(closing, 5_000)).toBe(true);
  });

  it("closes within its grace period and a few seconds more when Redis is gone for good", async () => {
    folder = mkdtempSync(join(tmpdir(), "rte-gone-"));
    redis = await startPrivateRedis({ dataDir: folder });
    harness = await startTerminalHarness({}, { redisUrl: redis.url, timing: { shutdownGraceMs: 200 } });
    await redis.stop();

    const closing = harness.close();
    harness = undefined;

    // Grace 0.2 s, then 3 s for BullMQ to hand answers back (answer-worker.ts), then the rest of shutdown.
    expect(await finishesWithin(closing, 8_000)).toBe(true);
  });

  it("lets an answer in flight finish when the worker is told to stop", async () => {
    harness = await startTerminalHarness({}, { timing: { shutdownGraceMs: 10_000 } });
    harness.anthropic.setPace({ tokensPerSecond: 40 });
    harness.anthropic.enqueue({
      kind: "answer",
      text: "A complete answer that takes about a second to stream out.",
    });
    const outcome = harness.ask("question");
    await waitUntil(() => harness?.output.text() !== "", "the first output", {
      timeoutMs: 5_000,
      intervalMs: 10,
    });

    await harness.worker.close();

    expect(await outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe("A complete answer that takes about a second to stream out.\n");
    expect(harness.anthropic.messageRequests()).toHaveLength(1);
  });

  it("hands an unfinished answer back to the queue at the shutdown deadline; the next worker completes it", async () => {
    harness = await startTerminalHarness({}, { timing: { shutdownGraceMs: 200 } });
    harness.anthropic.setPace({ tokensPerSecond: 20 });
    const text = "This answer is far too long to finish within the two hundred millisecond grace period.";
    harness.anthropic.enqueue({ kind: "answer", text }, { kind: "answer", text });
    const outcome = harness.ask("question");
    await waitUntil(() => harness?.output.text() !== "", "the first output", {
      timeoutMs: 5_000,
      intervalMs: 10,
    });

    await harness.worker.close();
    harness.anthropic.setPace({ tokensPerSecond: 0 });
    const next = harness.pipeline.startWorker({ terminal: harness.platform });

    expect(await outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe(`${text}\n`);
    await waitForCompleted(harness, 1);
    const [job] = await harness.pipeline.queue.queue.getJobs(["completed"]);
    // Two requests to Claude (the first abandoned at the deadline), yet only one attempt spent.
    expect(harness.anthropic.messageRequests()).toHaveLength(2);
    expect(job?.attemptsMade).toBe(1);
    await next.close();
  });
});

/** A separate terminal thread, so the questions run side by side instead of queueing behind each other. */
function startSession(harness: Harness) {
  return createTerminalSession(harness.pipeline.submit, harness.platform);
}

/** The reply finishes just before BullMQ records the job as completed; wait for the record. */
async function waitForCompleted(harness: Harness, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  // Right after a Redis restart the producer connection may still be reconnecting: keep asking.
  const completed = () =>
    harness.pipeline.queue.queue.getJobCounts("completed").then(
      (counts) => counts.completed ?? 0,
      () => -1,
    );
  while ((await completed()) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} jobs completed in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Found by name: the connection itself may be blocked in BZPOPMIN for seconds. */
async function clientId(redis: Redis, name: string): Promise<string> {
  const connections = String(await redis.client("LIST")).split("\n");
  const id = /^id=(\d+)/.exec(connections.find((line) => line.includes(` name=${name} `)) ?? "")?.[1];
  if (!id) throw new Error(`no connection named ${name}`);
  return id;
}

describe("stopping an answer", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it("aborts the Claude stream, keeps what was written, says it was stopped, and writes nothing after", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.setPace({ tokensPerSecond: 10 });
    harness.anthropic.enqueue({
      kind: "answer",
      text: "A long answer that streams slowly enough to be stopped halfway through.",
    });
    const outcome = harness.ask("question");
    await waitUntil(() => harness?.output.text() !== "", "the first output", {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    const [job] = await harness.pipeline.queue.queue.getActive();

    await harness.pipeline.requestStop(job?.id ?? "");

    expect(await outcome).toEqual({ ok: true });
    const shown = harness.output.text();
    expect(shown).toMatch(/^A long answer[\s\S]*\n\n_\(Stopped\.\)_\n$/);
    expect(shown).not.toContain("halfway through.");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.output.text()).toBe(shown);
    expect(harness.anthropic.messageRequests()).toHaveLength(1);
  });

  it("stops a question that has not started yet without calling Claude", async () => {
    harness = await startTerminalHarness();
    await harness.worker.worker.pause();
    const outcome = harness.ask("question");
    await waitUntil(() => harness !== undefined, "the harness", { timeoutMs: 5_000, intervalMs: 10 });
    let waiting: Awaited<ReturnType<typeof harness.pipeline.queue.queue.getWaiting>> = [];
    while (waiting.length === 0) waiting = await harness.pipeline.queue.queue.getWaiting();
    await harness.pipeline.requestStop(waiting[0]?.id ?? "");
    harness.worker.worker.resume();

    expect(await outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe("\n\n_(Stopped.)_\n");
    expect(harness.anthropic.messageRequests()).toHaveLength(0);
  });
});
