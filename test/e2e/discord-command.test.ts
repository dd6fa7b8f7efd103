import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { discordModule } from "../../src/adapters/discord/discord-module.js";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";
import { cliPath, runCli } from "../support/run-cli.js";

/** Every value under a key prefix, as text: what a token would have to hide in. */
async function everythingStored(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}*`);
  const values = await Promise.all(
    keys.map(async (key) => {
      const type = await redis.type(key);
      if (type === "string") return redis.get(key);
      if (type === "hash") return redis.hgetall(key);
      if (type === "list") return redis.lrange(key, 0, -1);
      if (type === "set") return redis.smembers(key);
      if (type === "zset") return redis.zrange(key, "0", "-1");
      if (type === "stream") return redis.xrange(key, "-", "+");
      return type;
    }),
  );
  return JSON.stringify({ keys, values });
}

describe("Discord /rte, register-commands and doctor, end to end", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const askSlash = (question: string, channelId?: string) =>
    harness?.discord.invokeSlashCommand({
      name: "rte",
      options: [{ name: "question", type: 3, value: question }],
      ...(channelId === undefined ? {} : { channelId }),
    }) ?? Promise.reject(new Error("no harness"));

  it("defers /rte at once, shows the question, and answers in a thread started from it", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "Order bids with a per-lot sequence number." });

    const { interactionId, token } = await askSlash("How do I keep bids in order across servers?");
    await harness.answered(1);

    const responses = discord.interactionResponses(interactionId);
    expect(responses[0]).toMatchObject({
      method: "POST",
      path: `/interactions/${interactionId}/${token}/callback`,
      body: { type: 5 },
    });
    expect(responses[1]).toMatchObject({ method: "PATCH", body: { allowed_mentions: { parse: [] } } });
    const [echo] = discord.messages(discord.channelId);
    expect(echo).toMatchObject({ type: 20, content: "> How do I keep bids in order across servers?" });
    const thread = discord.threads().find((candidate) => candidate.id === echo?.id);
    expect(thread?.name).toBe("How do I keep bids in order across servers?");
    expect(harness.botMessages(thread?.id ?? "").map((message) => message.content)).toEqual([
      "Order bids with a per-lot sequence number.",
    ]);
    expect(anthropic.messageRequests()[0]?.body.messages).toEqual([
      { role: "user", content: "[alice]: How do I keep bids in order across servers?" },
    ]);
    const metrics = await harness.metrics();
    expect(metrics).toContain('rte_ack_latency_seconds_count{platform="discord"} 1');
    expect(metrics).toContain('rte_time_to_first_visible_text_seconds_count{platform="discord"} 1');
    // The interaction token never leaves the edge: not in Redis, not in any call the worker made.
    expect(await everythingStored(harness.pipeline.producerRedis, harness.config.queuePrefix)).not.toContain(
      token,
    );
    const workerCalls = discord.calls.filter((call) => !responses.includes(call));
    expect(JSON.stringify(workerCalls)).not.toContain(token);
  });

  it("continues the /rte thread with follow-ups, the question read back as the asker's", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "Sequence numbers." }, { kind: "answer", text: "Per lot." });
    await askSlash("How do I order bids?");
    await harness.answered(1);
    const [echo] = discord.messages(discord.channelId);

    await discord.userSays({ channelId: echo?.id ?? "", content: "per auction or per lot?" });
    await harness.answered(2);

    expect(anthropic.messageRequests()[1]?.body.messages).toEqual([
      { role: "user", content: "[alice]: How do I order bids?" },
      { role: "assistant", content: "Sequence numbers." },
      { role: "user", content: "[alice]: per auction or per lot?" },
    ]);
  });

  it("answers /rte used inside a thread in that thread", async () => {
    harness = await startDiscordHarness();
    const { discord } = harness;
    const question = await discord.userSays({ content: `<@${discord.botUserId}> first` });
    await harness.answered(1);

    await askSlash("second, by command", question.id);
    await harness.answered(2);

    expect(discord.threads()).toHaveLength(1);
    expect(harness.botMessages(question.id)).toHaveLength(2);
  });

  it("tells only the asker when /rte is refused, and leaves no public echo", async () => {
    harness = await startDiscordHarness({ environment: { RTE_MAX_QUESTION_CHARACTERS: "10" } });
    const { discord, anthropic } = harness;

    const { interactionId } = await askSlash("a question far longer than ten characters");
    await discord.waitFor(() => discord.interactionResponses(interactionId).length === 4);

    const [callback, edit, deleted, followUp] = discord.interactionResponses(interactionId);
    expect([callback?.method, edit?.method, deleted?.method, followUp?.method]).toEqual([
      "POST",
      "PATCH",
      "DELETE",
      "POST",
    ]);
    expect(followUp?.body).toMatchObject({ flags: 64, content: expect.stringContaining("the limit is 10") });
    expect(discord.messages(discord.channelId)).toEqual([]);
    expect(anthropic.messageRequests()).toEqual([]);
  });

  it("registers /rte with `rte register-commands`, globally or for one server", async () => {
    harness = await startDiscordHarness();
    const { discord } = harness;
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: "silent",
    };

    const global = await runCli(["register-commands"], { env });
    const guild = await runCli(["register-commands", "--guild", discord.guildId], { env });
    const wrong = await runCli(["register-commands", "--guild"], { env });

    expect(cliPath).toMatch(/dist\/cli\.js$/);
    expect(global).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Registered /rte, "Ask rte about this message" globally.'),
    });
    expect(global.stdout).toContain("permissions=309237712896");
    expect(guild).toMatchObject({ code: 0, stdout: expect.stringContaining(`in server ${discord.guildId}`) });
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: rte register-commands") });
    const [globalPut, guildPut] = discord.callsTo("PUT", /\/commands$/);
    expect(globalPut?.path).toBe(`/applications/${discord.applicationId}/commands`);
    expect(globalPut?.body).toEqual([
      expect.objectContaining({
        name: "rte",
        type: 1,
        integration_types: [0, 1],
        contexts: [0, 1, 2],
        options: [expect.objectContaining({ name: "question", type: 3, required: true })],
      }),
      { name: "Ask rte about this message", type: 3, integration_types: [0, 1], contexts: [0, 1, 2] },
    ]);
    expect(guildPut?.path).toBe(`/applications/${discord.applicationId}/guilds/${discord.guildId}/commands`);
  });

  it("lets `rte doctor` check the token, the application, the intent, /rte and the gateway", async () => {
    harness = await startDiscordHarness({ discord: { messageContentIntentAllowed: false } });

    const checks = await discordModule.diagnose(harness.config);

    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ["discord", true],
      ["discord application", true],
      ["discord message content", false],
      ["discord /rte", false],
      ["discord gateway", true],
    ]);
    expect(checks[2]?.fix).toContain("Message Content Intent");
    expect(checks[3]?.fix).toContain("rte register-commands");
  });
});
