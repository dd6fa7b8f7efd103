import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { couldNotQueue } from "../../src/adapters/discord/message-handler.js";
import { waitForRedis } from "../../src/redis/connect-redis.js";
import { freePort, type PrivateRedis, startPrivateRedis } from "../../src/redis/private-redis.js";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

describe("Discord ingress when Redis is down", () => {
  let harness: DiscordHarness | undefined;
  let redis: PrivateRedis | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await harness?.close();
    await redis?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
    harness = undefined;
    redis = undefined;
  });

  it("tells the asker the question was not taken (mention and /rte), and answers once Redis is back", async () => {
    folder = mkdtempSync(join(tmpdir(), "rte-down-"));
    const port = await freePort();
    redis = await startPrivateRedis({ dataDir: folder, port });
    harness = await startDiscordHarness({ redisUrl: redis.url });
    const { discord } = harness;
    await redis.stop();

    const mention = await discord.userSays({ content: `<@${discord.botUserId}> are you there?` });
    await discord.waitFor(() => harness?.botMessages(discord.channelId).length === 1, 10_000);
    const [notice] = harness.botMessages(discord.channelId);
    expect(notice?.content).toBe(couldNotQueue);
    expect(notice?.message_reference).toMatchObject({ message_id: mention.id });

    const { interactionId } = await discord.invokeSlashCommand({
      name: "rte",
      options: [{ name: "question", type: 3, value: "still there?" }],
    });
    await discord.waitFor(
      () =>
        discord
          .interactionResponses(interactionId)
          .some((call) => call.method === "PATCH" && String(call.body?.content).includes(couldNotQueue)),
      10_000,
    );
    expect(discord.threads()).toEqual([]);

    redis = await startPrivateRedis({ dataDir: folder, port });
    await waitForRedis(harness.pipeline.producerRedis, redis.url);
    const again = await discord.userSays({ content: `<@${discord.botUserId}> and now?` });
    await discord.waitFor(() => (harness?.botMessages(again.id).length ?? 0) > 0, 15_000);
  });
});
