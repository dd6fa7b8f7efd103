import { afterEach, describe, expect, it } from "vitest";
import type { FakeDiscordMessage } from "../fakes/fake-discord.js";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

const otherHuman = "1200000000000000050";

/** The custom_ids of a message's buttons, row by row flattened. */
function buttons(message: FakeDiscordMessage | undefined): string[] {
  const rows = (message?.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
  return rows.flatMap((row) => row.components.map((component) => component.custom_id));
}

describe("the buttons on a Discord answer", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("puts 👍/👎 on the finished answer; a click is acknowledged, stored with the answer and counted", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "Use sticky sessions behind the load balancer." });
    const question = await discord.userSays({ content: `<@${discord.botUserId}> why do polls reconnect?` });
    await harness.answered(1);
    const askId = `discord-${question.id}`;
    const [answer] = harness.botMessages(question.id);
    expect(buttons(answer)).toEqual([`rte:up:${askId}`, `rte:down:${askId}`]);

    const up = await discord.clickButton({
      channelId: question.id,
      messageId: answer?.id ?? "",
      customId: `rte:up:${askId}`,
    });
    await discord.waitFor(() => discord.interactionResponses(up.interactionId).length > 0);
    expect(discord.interactionResponses(up.interactionId)[0]?.body).toEqual({
      type: 4,
      data: expect.objectContaining({ content: "Thanks for the feedback!", flags: 64 }),
    });

    // 👎 stores the verdict at once and opens the comment form; its submit adds the comment.
    const down = await discord.clickButton({
      channelId: question.id,
      messageId: answer?.id ?? "",
      customId: `rte:down:${askId}`,
      userId: otherHuman,
    });
    await discord.waitFor(() => discord.interactionResponses(down.interactionId).length > 0);
    expect(discord.interactionResponses(down.interactionId)[0]?.body).toMatchObject({
      type: 9,
      data: { custom_id: `rte:comment:${askId}` },
    });
    const submit = await discord.submitModal({
      openedBy: down.interactionId,
      values: { comment: "It ignored that we run on Kubernetes." },
    });
    await discord.waitFor(() => discord.interactionResponses(submit.interactionId).length > 0);
    expect(discord.interactionResponses(submit.interactionId)[0]?.body).toMatchObject({
      type: 4,
      data: { flags: 64 },
    });

    const feedback = await harness.pipeline.feedback.recent(10);
    expect(feedback).toEqual([
      expect.objectContaining({
        askId,
        verdict: "down",
        userId: otherHuman,
        comment: "It ignored that we run on Kubernetes.",
      }),
      expect.objectContaining({ askId, verdict: "up", userId: discord.humanUserId }),
    ]);
    expect(feedback[0]?.answer).toMatchObject({
      question: "why do polls reconnect?",
      answer: "Use sticky sessions behind the load balancer.",
    });
    const metrics = await harness.metrics();
    expect(metrics).toContain('rte_feedback_total{platform="discord",verdict="up"} 1');
    expect(metrics).toContain('rte_feedback_total{platform="discord",verdict="down"} 1');
  });

  it("puts Stop on an answer while it streams; a click aborts Claude's stream and ends the answer stopped", async () => {
    // Slow enough that the answer is still streaming when the button is clicked.
    harness = await startDiscordHarness({ anthropic: { tokensPerSecond: 40 } });
    const { discord, anthropic } = harness;
    const fullAnswer = "Start with one socket.io node and measure. ".repeat(40);
    anthropic.enqueue({ kind: "answer", text: fullAnswer });
    const question = await discord.userSays({ content: `<@${discord.botUserId}> how many nodes?` });
    const askId = `discord-${question.id}`;

    await discord.waitFor(() => buttons(harness?.botMessages(question.id)[0]).length > 0, 10_000);
    const [first] = harness.botMessages(question.id);
    expect(buttons(first)).toEqual([`rte:stop:${askId}`]);
    const stop = await discord.clickButton({
      channelId: question.id,
      messageId: first?.id ?? "",
      customId: `rte:stop:${askId}`,
    });
    const [outcome] = await harness.answered(1);

    expect(outcome?.outcome).toBe("stopped");
    expect(discord.interactionResponses(stop.interactionId)[0]?.body).toEqual({ type: 6 });
    await discord.waitFor(() => anthropic.messageRequests()[0]?.abandoned === true);
    const messages = harness.botMessages(question.id);
    expect(messages).toHaveLength(1);
    const shown = messages[0]?.content ?? "";
    expect(shown).toMatch(/\n\n_\(Stopped\.\)_$/);
    expect(fullAnswer.startsWith(shown.replace(/\n\n_\(Stopped\.\)_$/, ""))).toBe(true);
    expect(shown.length).toBeLessThan(fullAnswer.length);
    // The Stop button is gone and no 👍/👎 came: a stopped answer is not rated.
    expect(buttons(messages[0])).toEqual([]);
    // After the edit that said "(Stopped.)", only the buttons changed.
    const edits = discord.callsTo("PATCH", new RegExp(`^/channels/${question.id}/messages/`));
    const stoppedAt = edits.findIndex((call) => String(call.body.content ?? "").endsWith("_(Stopped.)_"));
    expect(stoppedAt).toBeGreaterThanOrEqual(0);
    expect(edits.slice(stoppedAt + 1).map((call) => call.body)).toEqual([
      { components: [], allowed_mentions: { parse: [] } },
    ]);
  });
});
