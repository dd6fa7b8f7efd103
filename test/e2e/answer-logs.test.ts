import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { startTerminalHarness } from "../support/terminal-harness.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;
type LogLine = Record<string, unknown> & { msg?: string; level: number };

const apiKey = "sk-ant-test-a-secret-that-must-never-be-logged";

function recordLines() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LogLine),
  };
}

describe("the logs of an answered question", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it("carry the job id, platform, conversation and trigger, and neither the key nor the question at info", async () => {
    const output = recordLines();
    const logger = createLogger({ level: "info", destination: output.stream });
    harness = await startTerminalHarness({ ANTHROPIC_API_KEY: apiKey }, { logger });
    const question = "How should I fan out bids to 40k watchers? Our cluster is bid-prod-7";
    harness.anthropic.enqueue({
      kind: "answer",
      text: "Publish once per lot; let each node fan out locally.",
    });

    await harness.ask(question);
    await vi.waitFor(() => expect(output.lines().some((line) => line.msg === "answered")).toBe(true));

    const lines = output.lines();
    const answered = lines.find((line) => line.msg === "answered");
    expect(answered).toMatchObject({
      jobId: expect.stringMatching(/^terminal-/),
      platform: "terminal",
      conversation: expect.stringMatching(/^terminal-/),
      trigger: "terminal",
      usage: { outputTokens: expect.any(Number) },
    });
    const jobLines = lines.filter((line) => line.jobId === answered?.jobId);
    expect(jobLines.map((line) => line.msg)).toEqual(["question received", "answering", "answered"]);
    for (const line of jobLines) {
      expect(line).toMatchObject({
        platform: "terminal",
        conversation: answered?.conversation,
        trigger: "terminal",
      });
    }
    expect(output.text()).not.toContain(apiKey);
    expect(output.text()).not.toContain("bid-prod-7");
  });
});
