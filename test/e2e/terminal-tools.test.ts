import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { silentLogger } from "../../src/core/logger.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { defaultPrices } from "../../src/usage/prices.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";
import { runCli } from "../support/run-cli.js";
import { startTerminalHarness } from "../support/terminal-harness.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;

const docs = { url: "https://socket.io/docs/v4/redis-adapter/", title: "Redis adapter | Socket.IO" };

describe("rte ask with server tools", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("prints what the tools do on stderr, the answer and its sources on stdout, and counts and prices them", async () => {
    const metrics = createMetrics({ prices: defaultPrices, logger: silentLogger });
    harness = await startTerminalHarness({}, { onOutcome: metrics.observeOutcome });
    harness.anthropic.enqueue({
      kind: "tools",
      steps: [
        { type: "web_search", query: "socket.io redis adapter", results: [docs] },
        { type: "web_search", query: "redis streams adapter", results: [docs] },
        { type: "code_execution", code: "print(10_000 * 48 / 1024)", stdout: "468.75\n" },
        {
          type: "text",
          text: "Use the Redis streams adapter; about 469 KiB for 10,000 sockets.",
          cites: [docs],
        },
      ],
      usage: { input_tokens: 1_000, output_tokens: 100 },
    });

    const outcome = await harness.ask("Which Redis adapter for socket.io?");

    expect(outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe(
      `Use the Redis streams adapter; about 469 KiB for 10,000 sockets.\n\n**Sources:** [Redis adapter Socket.IO](${docs.url})\n`,
    );
    expect(harness.diagnostics.text()).toContain("… searching the web for “socket.io redis adapter”");
    expect(harness.diagnostics.text()).toContain("… running code");
    expect(harness.diagnostics.text()).not.toContain("468.75");

    const queue = harness.pipeline.queue.queue;
    await vi.waitFor(async () => expect((await queue.getJobCounts("completed")).completed).toBe(1));
    await harness.pipeline.usage?.idle();
    const exposition = parsePrometheusText(await metrics.registry.metrics());
    const model = { platform: "terminal", model: "claude-sonnet-5-5" };
    expect(sampleValue(exposition, "rte_server_tool_requests_total", { ...model, tool: "web_search" })).toBe(
      2,
    );
    expect(
      sampleValue(exposition, "rte_server_tool_requests_total", { ...model, tool: "code_execution" }),
    ).toBe(1);
    // 1,000 in at $2 and 100 out at $10 per million, plus two searches at $0.01.
    expect(sampleValue(exposition, "rte_estimated_cost_dollars_total", model)).toBeCloseTo(0.003 + 0.02, 12);

    const usage = await runCli(["usage"], {
      env: { REDIS_URL: inject("redisUrl"), RTE_QUEUE_PREFIX: harness.config.queuePrefix },
    });
    expect(usage.stdout).toMatch(/searches +fetches +code runs +est\. cost/);
    expect(usage.stdout).toMatch(/terminal \S+\/cli +1 +1,000 +100 +0 +0 +2 +0 +1 +\$0\.0230/);
  });
});
