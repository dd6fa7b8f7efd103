import { afterEach, describe, expect, inject, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/fake-discord.js";
import { type RunningCli, startCli } from "../support/start-cli.js";
import { testPrefix } from "../support/test-prefix.js";

describe("`rte serve` with Discord configured", () => {
  let rte: RunningCli | undefined;
  let discord: FakeDiscord | undefined;
  let anthropic: FakeAnthropic | undefined;
  afterEach(async () => {
    await rte?.kill();
    await discord?.close();
    await anthropic?.close();
  });

  it("connects to the gateway, reports it ready, answers a mention, and stops on SIGTERM", async () => {
    discord = await startFakeDiscord();
    anthropic = await startFakeAnthropic();
    anthropic.enqueue({ kind: "answer", text: "Shard by room id." });
    rte = await startCli(["serve"], {
      REDIS_URL: inject("redisUrl"),
      RTE_QUEUE_PREFIX: testPrefix(),
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: anthropic.url,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    });

    expect(rte.stderr()).toContain("rte is running: discord on port");
    const ready = await fetch(`http://127.0.0.1:${rte.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { discord: { ok: true } } });

    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I shard rooms?` });
    await discord.waitFor(
      () =>
        discord?.messages(question.id).some((message) => message.content === "Shard by room id.") ?? false,
      15_000,
    );

    const exited = new Promise<number | null>((resolve) => rte?.child.once("exit", (code) => resolve(code)));
    rte.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(discord.readyClients()).toBe(0);
  });
});
