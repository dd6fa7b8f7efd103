import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { eventually, redisServersUnder } from "../support/redis-processes.js";
import { runCli } from "../support/run-cli.js";

describe("the rte command", () => {
  let anthropic: FakeAnthropic | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await anthropic?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("answers `rte ask` with no REDIS_URL using a private redis-server, and leaves none running", async () => {
    anthropic = await startFakeAnthropic();
    folder = mkdtempSync(join(tmpdir(), "rte-cli-"));
    anthropic.enqueue({
      kind: "answer",
      text: "Put the Redis adapter behind a load balancer with sticky sessions.",
    });

    const result = await runCli(["ask", "How do I scale socket.io past one node?"], {
      cwd: folder,
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url },
    });

    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("Put the Redis adapter behind a load balancer with sticky sessions.\n");
    expect(result.code).toBe(0);
    await eventually(() => redisServersUnder(folder ?? "").length === 0, "the private redis-server stopping");
  });

  it("keeps context across questions in `rte chat`, reading questions from a pipe", async () => {
    anthropic = await startFakeAnthropic();
    folder = mkdtempSync(join(tmpdir(), "rte-cli-"));
    anthropic.enqueue(
      { kind: "answer", text: "One room per auction." },
      { kind: "answer", text: "Yes, per lot." },
    );

    const result = await runCli(["chat"], {
      cwd: folder,
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url },
      input: "How do I broadcast bids?\nPer lot too?\n",
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("One room per auction.\nYes, per lot.\n");
    expect(anthropic.messageRequests()[1]?.body.messages).toHaveLength(3);
    await eventually(() => redisServersUnder(folder ?? "").length === 0, "the private redis-server stopping");
  });

  it("exits non-zero naming a malformed variable, without a stack trace", async () => {
    const result = await runCli(["ask", "hello"], { env: { RTE_MAX_TOKENS: "many" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("RTE_MAX_TOKENS");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits non-zero naming ANTHROPIC_API_KEY when a worker would need it", async () => {
    folder = mkdtempSync(join(tmpdir(), "rte-cli-"));
    const result = await runCli(["ask", "hello"], { cwd: folder, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ANTHROPIC_API_KEY is not set");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await eventually(() => redisServersUnder(folder ?? "").length === 0, "the private redis-server stopping");
  });

  it("prints usage for an unknown command", async () => {
    const result = await runCli(["frobnicate"], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown command");
    expect(result.stderr).toContain("rte ask");
  });
});
