import { afterEach, describe, expect, it, vi } from "vitest";
import { createUsageRollup, utcDay } from "../../src/usage/usage-rollup.js";
import { startTerminalHarness } from "../support/terminal-harness.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;

describe("token usage of answered questions", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it("lands in today's roll-up by channel and by user, and only once for a retried answer", async () => {
    harness = await startTerminalHarness();
    const usage = {
      input_tokens: 900,
      output_tokens: 120,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 4_000,
    };
    harness.anthropic.enqueue(
      { kind: "error", status: 529, type: "overloaded_error" },
      { kind: "answer", text: "Use a CRDT for the shared cursor.", usage },
    );
    const daysAround = [utcDay(Date.now())];

    await harness.ask("How do I sync cursors?");
    // The answer is printed before the worker reports; wait for the job itself, then for the write.
    const queue = harness.pipeline.queue.queue;
    await vi.waitFor(async () => expect((await queue.getJobCounts("completed")).completed).toBe(1));
    await harness.pipeline.usage?.idle();
    daysAround.push(utcDay(Date.now()));

    const rollup = createUsageRollup(harness.pipeline.producerRedis, harness.config.queuePrefix);
    const rows = await rollup.read([...new Set(daysAround)]);
    const totals = {
      answers: 1,
      inputTokens: 900,
      outputTokens: 120,
      cacheReadTokens: 4_000,
      cacheWriteTokens: 0,
      webSearchRequests: 0,
      webFetchRequests: 0,
      codeExecutions: 0,
    };
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: "channel", platform: "terminal", id: "cli", totals }),
        expect.objectContaining({ scope: "user", platform: "terminal", model: "claude-sonnet-5-5", totals }),
      ]),
    );
    expect(rows).toHaveLength(2);
  });
});
