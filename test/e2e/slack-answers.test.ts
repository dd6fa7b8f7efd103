import { afterEach, describe, expect, it } from "vitest";
import { slackMarkdownLimit } from "../../src/adapters/slack/slack-format.js";
import { isFenceBalanced } from "../../src/core/markdown/parse-markdown.js";
import { codeBlocksOf } from "../../src/core/markdown/render-answer.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";
const DM = "D0DIRECT";
const DM_QUESTION = "1715000300.000400";

/** Prose and three code blocks of `lines` lines each; over 30,000 characters with 35-line blocks. */
function longAnswer(lines: number): string {
  const block = (language: string, name: string, lines: number) =>
    [
      `\`\`\`${language}`,
      ...Array.from(
        { length: lines },
        (_, index) =>
          `  const ${name}${index} = await fetchShard(${index}, "${name}-${index}"); // keep ${index}`,
      ),
      "```",
    ].join("\n");
  const prose = (topic: string) =>
    `## ${topic}\n\n${Array.from({ length: 9 }, () => "Each shard owns a slice of the rooms and acknowledges every bid with its sequence number. ".repeat(10).trim()).join("\n\n")}`;
  return [
    prose("Sharding the rooms"),
    block("ts", "room", lines),
    prose("Replaying missed bids"),
    block("go", "replay", lines),
    prose("Backpressure"),
    block("python", "drain", lines),
    "That is the whole design.",
  ].join("\n\n");
}

describe("Slack answers, end to end", () => {
  let harness: SlackHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it("splits a 30,000-character answer into messages within Slack's limit, fences balanced, code intact", async () => {
    harness = await startSlackHarness();
    // Blocks of at most 40 lines stay inline, so this answer is split across messages with its code.
    const answer = longAnswer(35);
    expect(answer.length).toBeGreaterThan(30_000);
    harness.anthropic.enqueue({ kind: "answer", text: answer });
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    await harness.postEvent(mention);
    await harness.answers(1);

    const messages = harness.replyTexts(CHANNEL, ROOT);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(slackMarkdownLimit);
      expect(isFenceBalanced(message)).toBe(true);
    }
    const code = (markdown: string) =>
      codeBlocksOf(markdown)
        .map((block) => block.code)
        .join("\n");
    expect(
      messages
        .map(code)
        .filter((each) => each !== "")
        .join("\n"),
    ).toBe(code(answer));
    expect(harness.slack.callsTo("files.completeUploadExternal")).toHaveLength(0);
  });

  it("attaches code blocks longer than 40 lines as snippets in the thread, keeping an excerpt in the message", async () => {
    harness = await startSlackHarness();
    const answer = longAnswer(120);
    harness.anthropic.enqueue({ kind: "answer", text: answer });
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    await harness.postEvent(mention);
    await harness.answers(1);

    const uploads = harness.slack.callsTo("files.getUploadURLExternal").map((call) => call.args.filename);
    expect(uploads).toEqual(["snippet-1.ts", "snippet-2.go", "snippet-3.py"]);
    const fileIds = harness.slack
      .callsTo("files.completeUploadExternal")
      .flatMap((call) => (call.args.files as Array<{ id: string }>).map((file) => file.id));
    const uploaded = fileIds.map((id) => harness.slack.fileContent(id)?.toString() ?? "");
    const blocks = codeBlocksOf(answer).map((block) => `${block.code}\n`);
    expect(uploaded).toEqual(blocks);
    const messages = harness.replyTexts(CHANNEL, ROOT);
    const text = messages.join("\n");
    expect(text).toContain("_The full 120-line file is attached as `snippet-1.ts`._");
    expect(text).not.toContain("room119");
    for (const message of messages) expect(isFenceBalanced(message)).toBe(true);
  });

  it("answers a direct message in its DM thread with Slack's native streaming", async () => {
    harness = await startSlackHarness();
    const text = "Send a heartbeat every **25 s**: most NATs drop idle mappings after 30.";
    harness.anthropic.enqueue({ kind: "answer", text });
    const direct = slackEvent("message-im");
    harness.seed(direct);

    const response = await harness.postEvent(direct);

    expect(response.status).toBe(200);
    await harness.answers(1);
    expect(harness.botReplies(DM, DM_QUESTION)).toEqual([
      expect.objectContaining({ streaming: false, thread_ts: DM_QUESTION }),
    ]);
    expect(harness.replyTexts(DM, DM_QUESTION)).toEqual([text]);
    const methods = harness.slack.calls
      .map((call) => call.method)
      .filter((method) => method.startsWith("chat."));
    expect(methods[0]).toBe("chat.startStream");
    // The stream stops with Slack's native 👍/👎 under it, in the same call (an open stream carries no blocks).
    expect(methods.at(-1)).toBe("chat.stopStream");
    expect(methods).not.toContain("chat.update");
    expect(harness.slack.callsTo("chat.stopStream").at(-1)?.args.blocks).toContainEqual({
      type: "context_actions",
      elements: [
        expect.objectContaining({
          type: "feedback_buttons",
          action_id: "rte_feedback",
          positive_button: expect.objectContaining({ value: `up:slack-T0TEAM-${DM}-${DM_QUESTION}` }),
          negative_button: expect.objectContaining({ value: `down:slack-T0TEAM-${DM}-${DM_QUESTION}` }),
        }),
      ],
    });
    expect(methods).not.toContain("chat.postMessage");
  });

  it("keeps the whole DM answer when Slack expires the stream halfway", async () => {
    harness = await startSlackHarness();
    const text = `${"Reconnect with jittered exponential backoff. ".repeat(40)}Done.`;
    harness.anthropic.enqueue({ kind: "answer", text });
    harness.anthropic.setPace({ tokensPerSecond: 250 });
    const direct = slackEvent("message-im");
    harness.seed(direct);

    await harness.postEvent(direct);
    await harness.slack.waitFor(() => harness.slack.callsTo("chat.startStream").length === 1);
    harness.slack.expireStream(harness.botReplies(DM, DM_QUESTION)[0]?.ts ?? "");
    await harness.answers(1);

    // The answer rolled over into a further streamed message: together they show all of it.
    expect(harness.replyTexts(DM, DM_QUESTION).join("")).toBe(text);
    expect(harness.slack.callsTo("chat.startStream").length).toBeGreaterThanOrEqual(2);
  });

  it("makes model output inert: no broadcast or user mention survives into the message", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({
      kind: "answer",
      text: "Ping <!channel> and <@U0BOSS>, or @here, then run `echo <!here>`.",
    });
    const mention = slackEvent("app-mention");
    harness.seed(mention);

    await harness.postEvent(mention);
    await harness.answers(1);

    expect(harness.replyTexts(CHANNEL, ROOT)[0]).toBe(
      "Ping &lt;!channel&gt; and &lt;@U0BOSS&gt;, or @\u200Bhere, then run `echo <!here>`.",
    );
  });
});
