import { afterEach, describe, expect, it } from "vitest";
import { createAnswerRecords } from "../../src/store/answer-records.js";
import { startTerminalHarness } from "../support/terminal-harness.js";

type Harness = Awaited<ReturnType<typeof startTerminalHarness>>;

describe("rte ask through the real queue, worker and Claude SDK", () => {
  let harness: Harness;
  afterEach(async () => {
    await harness?.close();
  });

  it("streams one answer to the output and sends the persona with caching, without sampling parameters", async () => {
    harness = await startTerminalHarness();
    const answer = "Use the Redis adapter:\n\n```ts\nio.adapter(createAdapter(pub, sub));\n```\n";
    harness.anthropic.enqueue({ kind: "answer", text: answer });

    const outcome = await harness.ask("How do I scale socket.io past one node?");

    expect(outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe(`${answer}\n`);
    const [request] = harness.anthropic.messageRequests();
    expect(request?.body.model).toBe("claude-sonnet-5-5");
    expect(request?.body.max_tokens).toBe(8192);
    expect(request?.body.stream).toBe(true);
    expect(request?.body.system[0].text).toContain("senior real-time engineer");
    expect(request?.body.system[0].cache_control).toEqual({ type: "ephemeral" });
    expect(request?.body.messages).toEqual([
      { role: "user", content: "How do I scale socket.io past one node?" },
    ]);
    expect(request?.body).not.toHaveProperty("temperature");
  });

  it("survives a 529 overload: retries and still prints exactly one answer", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue(
      { kind: "error", status: 529, type: "overloaded_error", message: "Overloaded" },
      { kind: "answer", text: "Sticky sessions are required for polling transports." },
    );

    const outcome = await harness.ask("Why do my polling clients reconnect in a loop?");

    expect(outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe("Sticky sessions are required for polling transports.\n");
    expect(harness.diagnostics.text()).toContain("trying again (attempt 2 of 4)");
    expect(harness.anthropic.messageRequests()).toHaveLength(2);
  });

  it("finishes an answer whose stream was cut mid-way, printing the whole answer once", async () => {
    harness = await startTerminalHarness();
    const full = "Acknowledge every bid with the server's sequence number, then broadcast to the room.";
    harness.anthropic.enqueue(
      { kind: "cut", text: full, afterCharacters: 30 },
      { kind: "answer", text: full },
    );

    const outcome = await harness.ask("How do I make bids race-free?");

    expect(outcome).toEqual({ ok: true });
    expect(harness.output.text()).toBe(`${full}\n`);
    expect(harness.anthropic.messageRequests()).toHaveLength(2);
  });

  it("says the answer starts again when a retry produces different text", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue(
      { kind: "stream-error", text: "First attempt text that breaks", afterCharacters: 20 },
      { kind: "answer", text: "Second attempt, different words." },
    );

    await harness.ask("question");

    expect(harness.output.text()).toBe(
      "First attempt text t\n\n(The answer starts again.)\n\nSecond attempt, different words.\n",
    );
  });

  it("does not retry a request Claude rejects as invalid, and tells the user once", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue({ kind: "error", status: 400, type: "invalid_request_error", message: "bad" });

    const outcome = await harness.ask("question");

    expect(outcome.ok).toBe(false);
    expect(harness.anthropic.messageRequests()).toHaveLength(1);
    expect(harness.diagnostics.text()).toContain("Claude could not take this question");
  });

  it("gives up after the last attempt with one clear message", async () => {
    harness = await startTerminalHarness();
    for (let attempt = 0; attempt < 4; attempt++)
      harness.anthropic.enqueue({ kind: "error", status: 529, type: "overloaded_error" });

    const outcome = await harness.ask("question");

    expect(outcome).toMatchObject({ ok: false });
    expect(harness.anthropic.messageRequests()).toHaveLength(4);
    expect(harness.diagnostics.text().match(/after 4 tries/g)).toHaveLength(1);
  });

  it("keeps context for follow-ups in the same session (rte chat)", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue(
      { kind: "answer", text: "Use rooms per auction." },
      { kind: "answer", text: "Yes, one room per lot." },
    );

    await harness.ask("How do I broadcast bids?");
    await harness.ask("Per lot too?");

    const second = harness.anthropic.messageRequests()[1];
    const roles = second?.body.messages.map((message: { role: string }) => message.role);
    expect(roles).toEqual(["user", "assistant", "user"]);
    expect(second?.body.messages[1].content).toBe("Use rooms per auction.");
    expect(second?.body.messages).toEqual([
      { role: "user", content: "How do I broadcast bids?" },
      { role: "assistant", content: "Use rooms per auction." },
      { role: "user", content: "Per lot too?" },
    ]);
  });

  it("refuses an empty question without calling Claude", async () => {
    harness = await startTerminalHarness();
    const outcome = await harness.ask("   ");
    expect(outcome.ok).toBe(false);
    expect(harness.anthropic.messageRequests()).toHaveLength(0);
  });

  it("records what was asked and answered, with model and persona version, for feedback", async () => {
    harness = await startTerminalHarness();
    harness.anthropic.enqueue({ kind: "answer", text: "Use Redis streams." });
    await harness.ask("How do I replay missed chat messages?");
    const [job] = await harness.pipeline.queue.queue.getJobs(["active", "completed"]);

    const records = createAnswerRecords(harness.pipeline.producerRedis, harness.config.queuePrefix);
    let record = await records.get(job?.id ?? "");
    for (let tries = 0; record === undefined && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      record = await records.get(job?.id ?? "");
    }

    expect(record).toMatchObject({
      question: "How do I replay missed chat messages?",
      answer: "Use Redis streams.",
      model: "claude-sonnet-5-5",
      personaVersion: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
  });
});
