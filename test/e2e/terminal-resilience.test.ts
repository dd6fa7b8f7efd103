import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTerminalSession } from "../../src/adapters/terminal/terminal-session.js";
import { freePort, type PrivateRedis, startPrivateRedis } from "../../src/redis/private-redis.js";
import { startTerminalHarness } from "../support/terminal-harness.js";

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
  });

  it("lets an answer in flight finish when the worker is told to stop", async () => {
    harness = await startTerminalHarness({}, { timing: { shutdownGraceMs: 10_000 } });
    harness.anthropic.setPace({ tokensPerSecond: 40 });
    harness.anthropic.enqueue({
      kind: "answer",
      text: "A complete answer that takes about a second to stream out.",
    });
    const outcome = harness.ask("question");
    await waitUntil(() => harness?.output.text() !== "");

    await harness.worker.close();

    expect(await outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe("A complete answer that takes about a second to stream out.\n");
  });

  it("hands an unfinished answer back to the queue at the shutdown deadline; the next worker completes it", async () => {
    harness = await startTerminalHarness({}, { timing: { shutdownGraceMs: 200 } });
    harness.anthropic.setPace({ tokensPerSecond: 20 });
    const text = "This answer is far too long to finish within the two hundred millisecond grace period.";
    harness.anthropic.enqueue({ kind: "answer", text }, { kind: "answer", text });
    const outcome = harness.ask("question");
    await waitUntil(() => harness?.output.text() !== "");

    await harness.worker.close();
    harness.anthropic.setPace({ tokensPerSecond: 0 });
    const next = harness.pipeline.startWorker({ terminal: harness.platform });

    expect(await outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe(`${text}\n`);
    const [job] = await harness.pipeline.queue.queue.getJobs(["completed"]);
    expect(job?.attemptsMade).toBe(1);
    await next.close();
  });
});

/** A separate terminal thread, so the questions run side by side instead of queueing behind each other. */
function startSession(harness: Harness) {
  return createTerminalSession(harness.pipeline.submit, harness.platform);
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
