import { PassThrough } from "node:stream";
import { inject } from "vitest";
import { createTerminalSession } from "../../src/adapters/terminal/terminal-session.js";
import { silentLogger } from "../../src/core/logger.js";
import type { WorkerTiming } from "../../src/queue/worker-timing.js";
import type { PipelineOptions } from "../../src/runtime/pipeline.js";
import { startTerminalRoles } from "../../src/runtime/terminal-runtime.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { fastRetry, fastTiming } from "./fast-timing.js";
import { testConfig } from "./test-config.js";

/** Captures what a stream received, as text. */
export function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

/** Another Redis, other worker timing, and what a test may add: a recording logger, metrics hooks. */
export interface HarnessOptions
  extends Partial<Pick<PipelineOptions, "logger" | "onSubmitted" | "onOutcome">> {
  redisUrl?: string;
  timing?: Partial<WorkerTiming>;
}

/**
 * The terminal platform on the real pipeline, started like `rte ask` (startTerminalRoles): real Redis (fresh prefix), real BullMQ worker, the real
 * Anthropic SDK against the loopback fake.
 */
export async function startTerminalHarness(
  environment: Record<string, string> = {},
  options: HarnessOptions = {},
) {
  const anthropic: FakeAnthropic = await startFakeAnthropic(
    environment.ANTHROPIC_API_KEY ? { apiKey: environment.ANTHROPIC_API_KEY } : {},
  );
  const config = testConfig({ ANTHROPIC_BASE_URL: anthropic.url, ...environment });
  const output = capture();
  const diagnostics = capture();
  const { running, platform, worker } = await startTerminalRoles({
    config,
    redisUrl: options.redisUrl ?? inject("redisUrl"),
    logger: options.logger ?? silentLogger,
    retry: fastRetry,
    timing: { ...fastTiming, ...options.timing },
    ...(options.onSubmitted ? { onSubmitted: options.onSubmitted } : {}),
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    output: output.stream,
    diagnostics: diagnostics.stream,
  });
  const { pipeline } = running;
  return {
    anthropic,
    config,
    pipeline,
    output,
    diagnostics,
    worker,
    platform,
    ask: createTerminalSession(pipeline.submit, platform),
    async close() {
      await running.stop();
      await pipeline.queue.queue.obliterate({ force: true }).catch(() => {});
      await anthropic.close();
    },
  };
}
