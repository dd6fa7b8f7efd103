import { afterEach, describe, expect, it } from "vitest";
import { type DiscordProcesses, logLines, startDiscordProcesses } from "../support/discord-processes.js";

const answer = [
  "Run the auction's bid handler behind one Redis stream per lot, and fan out with the socket.io Redis adapter.",
  "Acknowledge each bid with its sequence number so a reconnecting client can ask for what it missed.",
  "Reject a bid whose sequence is stale instead of reordering it: the auctioneer's clock is the truth.",
].join(" ");

describe("a worker process killed mid-answer (SIGKILL)", () => {
  let rte: DiscordProcesses | undefined;
  afterEach(async () => {
    await rte?.close();
    rte = undefined;
  });

  it("is resumed by another worker, which finishes the same message: one answer, whole, no second post", async () => {
    rte = await startDiscordProcesses({ workers: 2 });
    const { discord, anthropic, workers, queue } = rte;
    // ~80 characters a second: the answer is still streaming when the first edit lands.
    anthropic.setPace({ tokensPerSecond: 20 });
    anthropic.respondWith(() => ({ kind: "answer", text: answer }));

    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I order bids?` });
    const threadPosts = () => discord.callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`));
    const threadEdits = () =>
      discord.callsTo("PATCH", new RegExp(`^/channels/${question.id}/messages/\\d+$`));
    await discord.waitFor(() => threadEdits().length > 0, 20_000);

    const holding = workers.find((worker) =>
      logLines(worker).some((line) => line.msg === "answering" && line.jobId === `discord-${question.id}`),
    );
    const survivor = workers.find((worker) => worker !== holding);
    if (!holding || !survivor) throw new Error("no worker logged that it was answering the question");
    await holding.kill();
    expect(answerIn(discord, question.id)).not.toBe(answer);
    anthropic.setPace({ tokensPerSecond: 0 });

    await discord.waitFor(() => answerIn(discord, question.id) === answer, 25_000);
    await discord.waitFor(
      () =>
        logLines(survivor).some((line) => line.msg === "answered" && line.jobId === `discord-${question.id}`),
      10_000,
    );

    const botMessages = discord
      .messages(question.id)
      .filter((message) => message.author.id === discord.botUserId);
    expect(botMessages.map((message) => message.content)).toEqual([answer]);
    expect(threadPosts()).toHaveLength(1);
    expect(discord.threads()).toHaveLength(1);
    expect(discord.messages(discord.channelId).filter((message) => message.author.bot)).toEqual([]);
    expect(anthropic.messageRequests()).toHaveLength(2);
    // "answered" is logged a moment before BullMQ records the completion: wait for the record.
    const job = await queue.getJob(`discord-${question.id}`);
    let state = await job?.getState();
    for (let tries = 0; state === "active" && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      state = await job?.getState();
    }
    expect(state).toBe("completed");
  });
});

function answerIn(discord: DiscordProcesses["discord"], threadId: string): string {
  return discord
    .messages(threadId)
    .filter((message) => message.author.id === discord.botUserId)
    .map((message) => message.content)
    .join("\n");
}
