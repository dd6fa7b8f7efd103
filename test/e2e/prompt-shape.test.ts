import { afterEach, describe, expect, it } from "vitest";
import { startTerminalHarness } from "../support/terminal-harness.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;

describe("what Claude is sent", () => {
  let harness: Harness;
  afterEach(async () => {
    await harness?.close();
  });

  it("caches the persona and lets the cached prefix grow with the thread", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue(
      { kind: "answer", text: "First answer." },
      { kind: "answer", text: "Second answer." },
    );
    await harness.ask("First question");
    await harness.ask("Second question");

    const followUp = harness.anthropic.messageRequests()[1]?.body;
    expect(followUp.system).toHaveLength(1);
    expect(followUp.system[0].cache_control).toEqual({ type: "ephemeral" });
    // Automatic caching: the breakpoint sits on the last cacheable block and moves forward as the thread grows,
    // so the follow-up reads the persona and the earlier turns from the cache.
    expect(followUp.cache_control).toEqual({ type: "ephemeral" });
    expect(followUp.messages.map((message: { role: string }) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
    ]);
  });

  it("drops the oldest turns when the thread outgrows the budget, keeps the question, and says so", async () => {
    harness = await startTerminalHarness({ RTE_CONTEXT_TOKENS: "100" });
    const long = "x".repeat(120); // ~30 tokens each
    harness.anthropic.enqueue(
      { kind: "answer", text: `answer one ${long}` },
      { kind: "answer", text: `answer two ${long}` },
      { kind: "answer", text: "answer three" },
    );
    await harness.ask(`question one ${long}`);
    await harness.ask(`question two ${long}`);
    await harness.ask("question three");

    const messages = harness.anthropic.messageRequests()[2]?.body.messages as Array<{
      role: string;
      content: string;
    }>;
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(messages.at(-1)?.content).toBe("question three");
    expect(JSON.stringify(messages)).not.toContain("question one");
    expect(messages[0]?.content).toMatch(
      /^\(Earlier messages in this thread were left out[^\n]*\n\nquestion two/,
    );
    expect(harness.output.text()).toContain(
      "The 2 oldest messages of this thread did not fit in my context and were left out.",
    );
  });

  it("resumes an answer cut at the length limit when the user replies `continue`", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue(
      { kind: "answer", text: "Step 1: shard rooms by", stopReason: "max_tokens" },
      { kind: "answer", text: " hashing the room id." },
    );
    await harness.ask("How do I shard rooms?");
    expect(harness.output.text()).toContain("Answer cut at the length limit — reply `continue`");

    await harness.ask("continue");

    const messages = harness.anthropic.messageRequests()[1]?.body.messages;
    expect(messages).toEqual([
      { role: "user", content: "How do I shard rooms?" },
      { role: "assistant", content: "Step 1: shard rooms by" },
      { role: "user", content: "continue" },
    ]);
  });

  it("never lets a failed answer into later prompts", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue(
      { kind: "error", status: 400, type: "invalid_request_error" },
      { kind: "answer", text: "ok" },
    );
    await harness.ask("first");
    await harness.ask("second");

    const messages = harness.anthropic.messageRequests()[1]?.body.messages;
    expect(messages).toEqual([{ role: "user", content: "second" }]);
  });
});

describe("personas per channel", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it("answers a channel named in RTE_PERSONAS with its own persona", async () => {
    harness = await startTerminalHarness({ RTE_PERSONAS: "cli=prompts/realtime-engineer-terse.md" });
    await harness.ask("question");
    expect(harness.anthropic.messageRequests()[0]?.body.system[0].text).toMatch(
      /^You are rte[\s\S]*Be terse/,
    );
  });

  it("refuses to start with a persona file that cannot be read", async () => {
    await expect(startTerminalHarness({ RTE_PERSONAS: "cli=prompts/missing.md" })).rejects.toThrow(
      /RTE_PERSONAS names prompts\/missing.md for cli/,
    );
  });
});
