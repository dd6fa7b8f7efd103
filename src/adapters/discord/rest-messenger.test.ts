import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../../test/fakes/fake-discord.js";
import { RteError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import { createDiscordApi } from "./discord-rest.js";
import { createRestMessenger } from "./rest-messenger.js";

describe("createRestMessenger against Discord's REST API (loopback fake)", () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    await fake.close();
  });

  const messenger = (options: { replyTo?: string; typingIntervalMs?: number; signal?: AbortSignal } = {}) =>
    createRestMessenger({
      api: createDiscordApi({ token: fake.token, apiUrl: fake.apiUrl }),
      answerId: "discord-G1-C1-M1",
      channelId: fake.channelId,
      replyTo: options.replyTo,
      signal: options.signal ?? new AbortController().signal,
      logger: silentLogger,
      ...(options.typingIntervalMs === undefined ? {} : { typingIntervalMs: options.typingIntervalMs }),
    });

  it("posts and edits with no mentions allowed, so model output pings nobody", async () => {
    const question = await fake.userSays({ content: "who should I ask?" });
    const writer = messenger({ replyTo: question.id });

    const id = await writer.post(`ask <@${fake.humanUserId}> or @everyone`, { index: 0 });
    await writer.edit(id, `really, <@${fake.humanUserId}> @here`);
    await writer.post("second message", { index: 1 });

    const writes = [
      ...fake.callsTo("POST", /^\/channels\/\d+\/messages$/),
      ...fake.callsTo("PATCH", /^\/channels\/\d+\/messages\/\d+$/),
    ];
    expect(writes).toHaveLength(3);
    for (const call of writes) expect(call.body.allowed_mentions).toEqual({ parse: [] });
    const [first, second] = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(first?.body.message_reference).toEqual({ message_id: question.id, fail_if_not_exists: false });
    expect(second?.body.message_reference).toBeUndefined();
    const posted = fake.messages(fake.channelId).find((message) => message.id === id);
    expect(posted).toMatchObject({ mentions: [], mention_everyone: false });
  });

  it("posts with a nonce Discord enforces: an attempt resuming a post Discord already took gets that message back", async () => {
    // The first attempt's post reached Discord, but it died before its ledger recorded the message id.
    const first = await messenger().post("the answer, part 1", { index: 0 });
    const resumed = messenger();

    const again = await resumed.post("the answer, part 1 (rewritten)", { index: 0 });
    const next = await resumed.post("the answer, part 2", { index: 1 });

    expect(again).toBe(first);
    expect(next).not.toBe(first);
    expect(fake.messages(fake.channelId).map((message) => message.id)).toEqual([first, next]);
    const posts = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(posts).toHaveLength(3);
    for (const call of posts) {
      expect(call.body.enforce_nonce).toBe(true);
      expect(String(call.body.nonce)).toMatch(/^[0-9a-f]{25}$/);
    }
    expect(posts[0]?.body.nonce).toBe(posts[1]?.body.nonce);
    expect(posts[2]?.body.nonce).not.toBe(posts[0]?.body.nonce);
  });

  it("shows typing, renewed, until the first message is posted", async () => {
    const writer = messenger({ typingIntervalMs: 10 });
    const typing = () => fake.callsTo("POST", /\/typing$/).length;

    await writer.showWorking?.("is thinking…");
    await fake.waitFor(() => typing() >= 3);
    await writer.post("here it is", { index: 0 });
    const afterPost = typing();
    await sleep(60);

    expect(typing()).toBe(afterPost);
  });

  it("treats a message someone already deleted as removed", async () => {
    const writer = messenger();
    const id = await writer.post("to be removed", { index: 0 });
    await writer.remove(id);
    await expect(writer.remove(id)).resolves.toBeUndefined();
    expect(fake.messages(fake.channelId)).toEqual([]);
  });

  it("does not wait out a long rate limit: the job gets a retryable error carrying Discord's wait", async () => {
    fake.failNext("PATCH", /^\/channels\/\d+\/messages\/\d+$/, { status: 429, retryAfterSeconds: 120 });
    const writer = messenger();
    const id = await writer.post("first", { index: 0 });

    const error = await writer.edit(id, "second").catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RteError);
    expect(error).toMatchObject({ code: "discord_rate_limited", permanent: false });
    expect((error as RteError).retryAfterMs).toBeGreaterThanOrEqual(120_000);
  });

  it("waits out a short rate limit itself and delivers the edit", async () => {
    fake.failNext("PATCH", /^\/channels\/\d+\/messages\/\d+$/, { status: 429, retryAfterSeconds: 0.05 });
    const writer = messenger();
    const id = await writer.post("first", { index: 0 });

    await writer.edit(id, "second");

    expect(fake.messages(fake.channelId)[0]?.content).toBe("second");
  });

  it("stops a permission error from being retried", async () => {
    fake.failNext("POST", /^\/channels\/\d+\/messages$/, {
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    const error = await messenger()
      .post("hello", { index: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "discord_http_403", permanent: true });
  });

  it("attaches long code as a file", async () => {
    await messenger().upload?.({
      name: "server.ts",
      language: "ts",
      content: "io.listen(3000);\n",
      lines: 1,
    });

    const [call] = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(call?.files.map((file) => [file.filename, file.data.toString()])).toEqual([
      ["server.ts", "io.listen(3000);\n"],
    ]);
    expect(call?.body.allowed_mentions).toEqual({ parse: [] });
  });
});
