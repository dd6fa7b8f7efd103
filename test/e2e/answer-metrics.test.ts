import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/core/logger.js";
import { createHttpServer, type HttpServer } from "../../src/http/http-server.js";
import { addMetricsRoute } from "../../src/http/metrics-route.js";
import { createMetrics, type Metrics } from "../../src/observability/metrics.js";
import { defaultPrices } from "../../src/usage/prices.js";
import { type Exposition, sampleValue, scrape } from "../support/prometheus-text.js";
import { startTerminalHarness } from "../support/terminal-harness.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;

describe("/metrics after questions go through the real pipeline", () => {
  let harness: Harness | undefined;
  let http: HttpServer | undefined;
  afterEach(async () => {
    await http?.close();
    await harness?.close();
  });

  async function start(): Promise<{ metrics: Metrics; read: () => Promise<Exposition> }> {
    const metrics = createMetrics({ prices: defaultPrices, logger: silentLogger });
    harness = await startTerminalHarness(
      {},
      { onSubmitted: metrics.observeSubmission, onOutcome: metrics.observeOutcome },
    );
    metrics.watchQueue(harness.pipeline.queue.queue);
    http = createHttpServer(silentLogger);
    addMetricsRoute(http, metrics.registry);
    const port = await http.listen(0, "127.0.0.1");
    return { metrics, read: () => scrape(`http://127.0.0.1:${port}/metrics`) };
  }

  it("counts the question, the answer, its latencies, tokens and estimated cost", async () => {
    const { read } = await start();
    const before = await read();
    expect(sampleValue(before, "rte_answers_total", { outcome: "answered" })).toBeUndefined();
    expect(sampleValue(before, "rte_queue_jobs", { state: "waiting" })).toBe(0);
    expect(before.types.get("rte_ack_latency_seconds")).toBe("histogram");
    expect(sampleValue(before, "process_cpu_user_seconds_total")).toBeGreaterThanOrEqual(0);

    harness?.anthropic.enqueue({
      kind: "answer",
      text: "Shard rooms by auction id.",
      usage: {
        input_tokens: 1_200,
        output_tokens: 300,
        cache_creation_input_tokens: 800,
        cache_read_input_tokens: 5_000,
      },
    });
    await harness?.ask("How do I shard auction rooms?");
    // The worker reports after it has saved the transcript, a moment after the answer is printed.
    const terminal = { platform: "terminal" };
    await vi.waitFor(async () =>
      expect(sampleValue(await read(), "rte_answers_total", { ...terminal, outcome: "answered" })).toBe(1),
    );

    const after = await read();
    const questions = { ...terminal, trigger: "terminal", status: "queued" };
    expect(sampleValue(after, "rte_questions_total", questions)).toBe(1);
    const model = { ...terminal, model: "claude-sonnet-5-5" };
    expect(sampleValue(after, "rte_tokens_total", { ...model, kind: "input" })).toBe(1_200);
    expect(sampleValue(after, "rte_tokens_total", { ...model, kind: "output" })).toBe(300);
    expect(sampleValue(after, "rte_tokens_total", { ...model, kind: "cache_write" })).toBe(800);
    expect(sampleValue(after, "rte_tokens_total", { ...model, kind: "cache_read" })).toBe(5_000);
    // $2 in, $10 out, $2.50 cache write, $0.20 cache read per million tokens.
    const dollars = (1_200 * 2 + 300 * 10 + 800 * 2.5 + 5_000 * 0.2) / 1_000_000;
    expect(sampleValue(after, "rte_estimated_cost_dollars_total", model)).toBeCloseTo(dollars, 12);
    expect(sampleValue(after, "rte_queue_wait_seconds_count", terminal)).toBe(1);
    expect(sampleValue(after, "rte_time_to_first_text_seconds_count", terminal)).toBe(1);
    expect(
      sampleValue(after, "rte_answer_duration_seconds_count", { ...terminal, outcome: "answered" }),
    ).toBe(1);
  });

  it("counts retries by error code, failures, and refusals by cause", async () => {
    const { metrics, read } = await start();
    harness?.anthropic.enqueue(
      { kind: "error", status: 529, type: "overloaded_error", message: "Overloaded" },
      { kind: "answer", text: "Use sticky sessions." },
      { kind: "error", status: 400, type: "invalid_request_error", message: "bad" },
    );
    await harness?.ask("Why do polling clients reconnect?");
    await harness?.ask("A question Claude rejects");
    await harness?.ask("   ");
    metrics.ackLatency.observe({ platform: "slack" }, 0.012);

    const terminal = { platform: "terminal" };
    await vi.waitFor(async () =>
      expect(sampleValue(await read(), "rte_answers_total", { ...terminal, outcome: "failed" })).toBe(1),
    );
    const after = await read();
    expect(sampleValue(after, "rte_answers_total", { ...terminal, outcome: "answered" })).toBe(1);
    expect(sampleValue(after, "rte_answer_retries_total", { ...terminal, code: "model_http_529" })).toBe(1);
    expect(sampleValue(after, "rte_refusals_total", { ...terminal, cause: "empty-question" })).toBe(1);
    expect(sampleValue(after, "rte_questions_total", { ...terminal, status: "refused" })).toBe(1);
    expect(sampleValue(after, "rte_questions_total", { ...terminal, status: "queued" })).toBe(2);
    // One wait per question, however many attempts it took.
    expect(sampleValue(after, "rte_queue_wait_seconds_count", terminal)).toBe(2);
    expect(sampleValue(after, "rte_ack_latency_seconds_count", { platform: "slack" })).toBe(1);
  });
});
