import { describe, expect, it } from "vitest";
import { createMemoryLedger, createRecordingMessenger } from "../../test/fakes/recording-messenger.js";
import { RteError } from "./errors.js";
import { defaultCodeLines, renderAnswer } from "./markdown/render-answer.js";
import { createMessageReply } from "./message-reply.js";

/** Markdown rendered for a platform of messages of at most `limit` characters, with no other rule. */
const plain = (limit: number) => (markdown: string) =>
  renderAnswer(markdown, { ...defaultCodeLines, limit, transform: (prose) => prose });

function manualClock() {
  let time = 0;
  return { now: () => time, advance: (milliseconds: number) => (time += milliseconds) };
}

/** A reply with a one-second interval on a clock the test moves, and what its messenger recorded. */
async function replyOnClock() {
  const { messenger, calls, visible } = createRecordingMessenger();
  const clock = manualClock();
  const reply = await createMessageReply({
    messenger,
    ledger: createMemoryLedger(),
    render: plain(100),
    minIntervalMs: 1000,
    now: clock.now,
  });
  return { reply, calls, visible, clock };
}

describe("createMessageReply", () => {
  it("posts once, edits as text arrives no faster than the interval, and ends with the full answer", async () => {
    const { reply, calls, visible, clock } = await replyOnClock();
    clock.advance(1000);
    await reply.append("Hello");
    await reply.append(" there"); // within the interval: no update
    clock.advance(2000);
    await reply.append(", world");
    await reply.append("."); // within the interval: no update
    await reply.finish({ kind: "complete" });

    expect(visible()).toEqual(["Hello there, world."]);
    const writes = calls.filter((call) => call.operation === "post" || call.operation === "edit");
    expect(writes.map((call) => call.operation)).toEqual(["post", "edit"]);
    expect(writes[0]?.text).toBe("Hello");
  });

  it("streams no more updates than it has earned: none in the first two intervals, then one per interval", async () => {
    const { reply, calls, clock } = await replyOnClock();
    clock.advance(1000);
    const updatesAt: number[] = [];
    for (let elapsed = 0; elapsed <= 4500; elapsed += 500) {
      const before = calls.length;
      await reply.append(` ${elapsed}`);
      await new Promise((resolve) => setImmediate(resolve));
      if (calls.length > before) updatesAt.push(elapsed);
      clock.advance(500);
    }
    await reply.finish({ kind: "complete" });

    // The first text at once, then updates 2, 3 and 4 s in: with the final write, 5 calls for 4.5 s streamed.
    expect(updatesAt).toEqual([0, 2000, 3000, 4000]);
    expect(calls.filter((call) => call.operation === "post" || call.operation === "edit")).toHaveLength(5);
  });

  it("continues in further messages within the limit and records each before going on", async () => {
    const { messenger, visible } = createRecordingMessenger();
    const ledger = createMemoryLedger();
    const reply = await createMessageReply({
      messenger,
      ledger,
      render: plain(60),
      minIntervalMs: 0,
    });
    const answer = `Intro paragraph.\n\n\`\`\`ts\n${Array.from({ length: 2 }, (_, index) => `const line${index} = ${index};`).join("\n")}\n\`\`\`\n\n${"More prose follows here. ".repeat(8)}\n\nDone.`;
    await reply.append(answer);
    await reply.finish({ kind: "complete" });

    const messages = visible();
    expect(messages.length).toBeGreaterThan(3);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(60);
      expect((message.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(ledger.progress?.messageIds).toHaveLength(messages.length);
  });

  it("resumes a retried answer by editing the messages already posted, removing ones no longer needed", async () => {
    const first = createRecordingMessenger();
    const ledger = createMemoryLedger();
    const attempt1 = await createMessageReply({
      messenger: first.messenger,
      ledger,
      render: plain(20),
      minIntervalMs: 0,
    });
    await attempt1.append("one two three four five six seven eight nine ten");
    await new Promise((resolve) => setTimeout(resolve, 10));
    // the worker dies here; a new attempt starts with the same ledger and the same platform state
    const posted = ledger.progress?.messageIds ?? [];
    expect(posted.length).toBeGreaterThan(1);

    const attempt2 = await createMessageReply({
      messenger: first.messenger,
      ledger,
      render: plain(20),
      minIntervalMs: 0,
    });
    await attempt2.append("A short answer.");
    await attempt2.finish({ kind: "complete" });

    expect(first.visible()).toEqual(["A short answer."]);
    expect(first.calls.filter((call) => call.operation === "post")).toHaveLength(posted.length);
    expect(ledger.progress?.messageIds).toEqual([posted[0]]);
  });

  it("shows a retry status, then replaces it with the answer", async () => {
    const { messenger, visible } = createRecordingMessenger();
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(100),
      minIntervalMs: 0,
    });
    await reply.status("Claude is busy; trying again…");
    expect(visible()).toEqual(["_Claude is busy; trying again…_"]);
    await reply.append("Answer.");
    await reply.finish({ kind: "complete" });
    expect(visible()).toEqual(["Answer."]);
  });

  it("says honestly when the answer was cut at the length limit, closing an open code block first", async () => {
    const { messenger, visible } = createRecordingMessenger();
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 0,
    });
    await reply.append("```ts\nconst a = 1;");
    await reply.finish({ kind: "cut-at-length" });
    expect(visible()[0]).toMatch(
      /^```ts\nconst a = 1;\n```\n\n_\(Answer cut at the length limit — reply `continue`/,
    );
  });

  it("ends a failed answer with one notice after what was already written", async () => {
    const { messenger, visible } = createRecordingMessenger();
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 0,
    });
    await reply.append("Partial");
    await reply.fail("Claude is overloaded. Please ask again in a few minutes.");
    expect(visible()).toEqual(["Partial\n\n⚠️ Claude is overloaded. Please ask again in a few minutes."]);
  });

  it("skips intermediate updates when the shared budget is spent, but always delivers the final text", async () => {
    const { messenger, calls, visible } = createRecordingMessenger();
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 0,
      budget: { take: async () => false },
    });
    await reply.append("a");
    await reply.append("b");
    await reply.finish({ kind: "complete" });
    expect(calls.filter((call) => call.operation === "post")).toHaveLength(1);
    expect(visible()).toEqual(["ab"]);
  });

  it("posts the first text without waiting for the edit budget, which only streaming updates draw on", async () => {
    const { messenger, calls, visible } = createRecordingMessenger();
    let asked = 0;
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 0,
      budget: {
        take: async () => {
          asked += 1;
          return false;
        },
      },
    });
    await reply.append("First words");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(visible()).toEqual(["First words"]);
    expect(asked).toBe(0);

    await reply.append(", then more.");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(asked).toBe(1);
    expect(visible()).toEqual(["First words"]);
    await reply.finish({ kind: "complete" });
    expect(visible()).toEqual(["First words, then more."]);
    expect(calls.filter((call) => call.operation === "edit")).toHaveLength(1);
  });

  it("tries a first text the edit budget refused again at the next interval, not two later", async () => {
    const { messenger, calls } = createRecordingMessenger();
    const clock = manualClock();
    let grants = [false, true];
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 1000,
      now: clock.now,
      budget: { take: async () => grants.shift() ?? true },
    });
    // A retried answer says so first: its first text will be an edit of that message.
    await reply.status("Claude is busy, retrying…");
    clock.advance(1000);
    await reply.append("First words");
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.filter((call) => call.operation === "edit")).toHaveLength(0);

    clock.advance(1000);
    await reply.append(", then more.");
    await new Promise((resolve) => setImmediate(resolve));
    const edits = calls.filter((call) => call.operation === "edit");
    expect(edits.map((call) => call.text)).toEqual(["First words, then more."]);
    grants = [];
    await reply.finish({ kind: "complete" });
  });

  it("skips an update the platform turned away with a Retry-After, and still ends with the full answer", async () => {
    const { messenger, visible } = createRecordingMessenger();
    let refusals = 1;
    const reply = await createMessageReply({
      messenger: {
        ...messenger,
        async post(text, position) {
          if (refusals-- > 0)
            throw new RteError("slack_rate_limited", "Slack rate-limited.", { retryAfterMs: 1 });
          return messenger.post(text, position);
        },
      },
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 0,
    });
    await reply.append("Rate");
    await new Promise((resolve) => setTimeout(resolve, 10));
    await reply.append(" limited.");
    await reply.finish({ kind: "complete" });
    expect(visible()).toEqual(["Rate limited."]);
  });

  it("marks the writes of the final text, and which message is the last", async () => {
    const { messenger } = createRecordingMessenger();
    const writes: unknown[] = [];
    const reply = await createMessageReply({
      messenger: {
        ...messenger,
        async post(text, position) {
          writes.push(["post", position.index, position.final]);
          return messenger.post(text, position);
        },
        async edit(id, text, final) {
          writes.push(["edit", id, final]);
          return messenger.edit(id, text, final);
        },
      },
      ledger: createMemoryLedger(),
      render: plain(10),
      minIntervalMs: 60_000,
    });
    await reply.append("First.");
    await new Promise((resolve) => setTimeout(resolve, 10));
    await reply.append(" Second part.");
    await reply.finish({ kind: "complete" });

    expect(writes).toEqual([
      ["post", 0, undefined],
      ["post", 1, { ending: "complete", last: false }],
      ["post", 2, { ending: "complete", last: true }],
    ]);
  });

  it("ends the messenger once, after the final text and before clearing the working indicator", async () => {
    const { messenger, calls } = createRecordingMessenger();
    const reply = await createMessageReply({
      messenger,
      ledger: createMemoryLedger(),
      render: plain(500),
      minIntervalMs: 0,
    });
    await reply.append("Answer.");
    await reply.finish({ kind: "complete" });

    expect(calls.map((call) => call.operation).slice(-3)).toEqual(["post", "end", "working"]);
    expect(calls.filter((call) => call.operation === "end")).toHaveLength(1);
  });
});

describe("long code as files", () => {
  it("uploads a long block once, and the message keeps an excerpt, also when the answer is retried", async () => {
    const uploads: string[] = [];
    const recording = createRecordingMessenger();
    const messenger = {
      ...recording.messenger,
      async upload(file: { name: string; content: string }) {
        uploads.push(file.name);
      },
    };
    const ledger = createMemoryLedger();
    const answer = `Server:\n\n\`\`\`ts\n${Array.from({ length: 120 }, (_, index) => `line(${index});`).join("\n")}\n\`\`\``;
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await createMessageReply({
        messenger,
        ledger,
        render: plain(4000),
        minIntervalMs: 0,
      });
      await reply.append(answer);
      await reply.finish({ kind: "complete" });
    }

    expect(uploads).toEqual(["snippet-1.ts"]);
    expect(recording.visible()).toHaveLength(1);
    expect(recording.visible()[0]).toContain("_The full 120-line file is attached as `snippet-1.ts`._");
    expect(recording.visible()[0]).not.toContain("line(119);");
  });
});

describe("the end of an answer", () => {
  it("tells the messenger once which messages the answer fills and how it ended", async () => {
    const { messenger, calls } = createRecordingMessenger();
    const ended: unknown[] = [];
    const reply = await createMessageReply({
      messenger: { ...messenger, ended: async (answer) => void ended.push(answer) },
      ledger: createMemoryLedger(),
      render: plain(10),
      minIntervalMs: 0,
    });
    await reply.append("First part. Second part.");
    await reply.finish({ kind: "cut-at-length" });

    const posted = calls.filter((call) => call.operation === "post").map((call) => call.id);
    expect(posted.length).toBeGreaterThan(1);
    expect(ended).toEqual([{ messageIds: posted, ending: "cut-at-length" }]);
  });

  it("says an answer that ended with an error notice failed", async () => {
    const { messenger } = createRecordingMessenger();
    const ended: unknown[] = [];
    const reply = await createMessageReply({
      messenger: { ...messenger, ended: async (answer) => void ended.push(answer) },
      ledger: createMemoryLedger(),
      render: plain(100),
      minIntervalMs: 0,
    });
    await reply.fail("Claude is unavailable.");
    expect(ended).toEqual([{ messageIds: ["m1"], ending: "failed" }]);
  });
});
