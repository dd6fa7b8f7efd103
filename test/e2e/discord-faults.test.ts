import { afterEach, describe, expect, it } from "vitest";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

const answer = "Key the room by auction id and acknowledge every bid with its sequence number.";

/** Everything the bot wrote into a thread (or channel), as one text. */
function shown(harness: DiscordHarness, channelId: string): string[] {
  return harness.botMessages(channelId).map((message) => message.content);
}

describe("Discord answers through Claude and Discord failures", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("529 three times, then an answer: one answer, and the retry status shown meanwhile", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    const overloaded = { kind: "error", status: 529 } as const;
    anthropic.enqueue(overloaded, overloaded, overloaded, { kind: "answer", text: answer });

    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I order bids?` });
    const [outcome] = await harness.answered(1);

    expect(outcome?.outcome).toBe("answered");
    expect(anthropic.messageRequests()).toHaveLength(4);
    expect(shown(harness, question.id)).toEqual([answer]);
    const writes = [
      ...discord.callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`)),
      ...discord.callsTo("PATCH", new RegExp(`^/channels/${question.id}/messages/\\d+$`)),
    ];
    expect(writes.filter((call) => call.method === "POST")).toHaveLength(1);
    expect(writes.map((call) => String(call.body.content))).toContainEqual(
      expect.stringMatching(/Claude is busy.*attempt 2 of 4/),
    );
  });

  it("a stream cut mid-answer, then cut by an in-stream error: one complete answer in one message", async () => {
    harness = await startDiscordHarness({ anthropic: { tokensPerSecond: 400 } });
    const { discord, anthropic } = harness;
    const long = `${answer} `.repeat(8).trim();
    anthropic.enqueue(
      { kind: "cut", text: long, afterCharacters: 200 },
      { kind: "stream-error", text: long, afterCharacters: 400 },
      { kind: "answer", text: long },
    );

    const question = await discord.userSays({ content: `<@${discord.botUserId}> bids at scale?` });
    const [outcome] = await harness.answered(1);

    expect(outcome?.outcome).toBe("answered");
    expect(anthropic.messageRequests()).toHaveLength(3);
    expect(shown(harness, question.id)).toEqual([long]);
    expect(discord.callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`))).toHaveLength(1);
  });

  it("two follow-ups 50 ms apart: two answers, in the order asked, the second seeing the first", async () => {
    harness = await startDiscordHarness({ anthropic: { tokensPerSecond: 200 } });
    const { discord, anthropic } = harness;
    anthropic.respondWith((request) => {
      const last = String(request.body.messages.at(-1)?.content ?? "");
      if (last.includes("first follow-up")) return { kind: "answer", text: `First: ${answer}` };
      if (last.includes("second follow-up")) return { kind: "answer", text: "Second: shard by lot." };
      return { kind: "answer", text: "Opening answer." };
    });
    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I run auctions?` });
    await harness.answered(1);

    await discord.userSays({ channelId: question.id, content: "first follow-up: ordering?" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await discord.userSays({ channelId: question.id, content: "second follow-up: sharding?" });
    await harness.answered(3);

    expect(shown(harness, question.id)).toEqual([
      "Opening answer.",
      `First: ${answer}`,
      "Second: shard by lot.",
    ]);
    const second = anthropic.messageRequests()[2]?.body.messages;
    expect(second.at(-2)).toEqual({ role: "assistant", content: `First: ${answer}` });
  });

  it("Discord's 429 on the first post is waited out: the answer is posted once", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: answer });
    discord.failNext("POST", /^\/channels\/\d+\/messages$/, { status: 429, retryAfterSeconds: 0.3 });

    const question = await discord.userSays({ content: `<@${discord.botUserId}> rate limits?` });
    const [outcome] = await harness.answered(1);

    expect(outcome?.outcome).toBe("answered");
    expect(outcome?.attempt).toBe(1);
    expect(shown(harness, question.id)).toEqual([answer]);
    expect(discord.callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`))).toHaveLength(2);
  });

  it.each([
    { name: "Missing Access (403, 50001) on the first post", route: "post", status: 403, code: 50001 },
    {
      name: "Unknown Channel (404, 10003) when starting the thread",
      route: "thread",
      status: 404,
      code: 10003,
    },
  ])("$name ends the job at once, without retries", async ({ route, status, code }) => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: answer });
    const path =
      route === "post" ? /^\/channels\/\d+\/messages$/ : /^\/channels\/\d+\/messages\/\d+\/threads$/;
    discord.failNext("POST", path, { status, code, message: "refused" });

    await discord.userSays({ content: `<@${discord.botUserId}> anyone there?` });
    const [outcome] = await harness.answered(1);

    expect(outcome?.outcome).toBe("failed");
    expect(outcome?.attempt).toBe(1);
    // The outcome is reported just before BullMQ records the failure: wait for the record.
    const queue = harness.pipeline.queue.queue;
    let failed = await queue.getJobs(["failed"]);
    while (failed.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      failed = await queue.getJobs(["failed"]);
    }
    expect(failed[0]?.attemptsMade).toBe(1);
    expect(discord.callsTo("POST", /^\/channels\/\d+\/messages\/\d+\/threads$/)).toHaveLength(1);
    expect(anthropic.messageRequests().length).toBeLessThanOrEqual(1);
  });
});
