import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunningIngress } from "../../src/adapters/platform-module.js";
import { slackModule } from "../../src/adapters/slack/slack-module.js";
import type { Ask } from "../../src/core/ask.js";
import { createHttpServer, type HttpServer } from "../../src/http/http-server.js";
import { createRedisSharedState } from "../../src/store/redis-shared-state.js";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.js";
import { createRecordingLogger } from "../fakes/recording-logger.js";
import { signSlackRequest } from "../fakes/slack-signing.js";
import { slackEvent, slashCommand } from "../fixtures/slack/fixtures.js";
import { fuzzSeed, pick, type Random, seededRandom, strangeValue } from "../support/fuzz.js";
import { signingSecret } from "../support/slack-harness.js";
import { testConfig } from "../support/test-config.js";

const cases = Number(process.env.FUZZ_CASES ?? 300);

/** Timestamps Slack never sends, each signed as sent: the signature is right, the date is not. */
function hostileTimestamp(random: Random, nowSeconds: number): string {
  return pick(random, [
    "abc",
    " 1e9",
    "1e9",
    "-1",
    `-${nowSeconds}`,
    `0x${nowSeconds.toString(16)}`,
    String(nowSeconds + 600),
    String(nowSeconds - 600),
    String(nowSeconds + 330),
    "",
    "9".repeat(40),
    String(Number.MAX_SAFE_INTEGER),
    `${nowSeconds}.0`,
    `+${nowSeconds}`,
    `${nowSeconds}abc`,
    "Infinity",
    "NaN",
    "0",
  ]);
}

type Form = Record<string, string | string[]>;

/** A slash command form with a field or two missing, empty, repeated or replaced by junk. */
function mutatedCommand(random: Random, index: number): Form {
  const form: Form = slashCommand({ text: `what is jitter? ${index}` });
  const fields = Object.keys(form);
  for (let count = 1 + Math.floor(random() * 2); count > 0; count--) {
    const field = pick(random, ["team_id", "channel_id", "user_id", "text", "command", ...fields]);
    const roll = random();
    if (roll < 0.4) delete form[field];
    else if (roll < 0.55) form[field] = "";
    else if (roll < 0.7) form[field] = ["T0TEAM", "C0:X"];
    else form[field] = String(strangeValue(random) ?? "").slice(0, 5_000);
  }
  return form;
}

function formBody(form: Form): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form))
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  return params.toString();
}

describe("Slack ingress under signed requests with hostile dates and malformed command forms", () => {
  let slack: FakeSlack;
  let redis: Redis;
  let http: HttpServer;
  let ingress: RunningIngress;
  let url: string;
  const asks: Ask[] = [];
  const logger = createRecordingLogger();

  beforeAll(async () => {
    slack = await startFakeSlack();
    redis = new Redis(inject("redisUrl"));
    http = createHttpServer(logger);
    const config = testConfig({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.url,
    });
    ingress = await slackModule.startIngress({
      config,
      logger,
      transcript: undefined as never,
      state: createRedisSharedState(redis, config.queuePrefix),
      submit: async (ask) => {
        asks.push(ask);
        return { status: "queued" };
      },
      http,
      requestStop: async () => {},
      recordFeedback: async () => {},
    });
    url = `http://127.0.0.1:${await http.listen(0, "127.0.0.1")}/slack/events`;
  });
  afterAll(async () => {
    await ingress?.stop();
    await http?.close();
    redis?.disconnect();
    await slack?.close();
  });

  const post = async (contentType: string, body: string, timestamp?: string): Promise<number> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": contentType, ...signSlackRequest(signingSecret, body, timestamp) },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    return response.status;
  };

  it("refuses every request dated outside ±5 minutes or not in whole seconds: 401, nothing queued or posted", async () => {
    const seed = fuzzSeed(20_261_205);
    const random = seededRandom(seed);
    const failures: string[] = [];
    const postsBefore = slack.callsTo("chat.postMessage").length;
    for (let index = 0; index < cases; index++) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const timestamp = hostileTimestamp(random, nowSeconds);
      const command = random() < 0.5;
      const before = asks.length;
      const status = command
        ? await post("application/x-www-form-urlencoded", formBody(slashCommand()), timestamp)
        : await post(
            "application/json",
            JSON.stringify(slackEvent("app-mention", { ts: `1800000000.${index}`, event_ts: "1" })),
            timestamp,
          );
      if (status !== 401)
        failures.push(`seed ${seed} case ${index}: ${JSON.stringify(timestamp)} got ${status}`);
      if (asks.length !== before)
        failures.push(`seed ${seed} case ${index}: ${JSON.stringify(timestamp)} queued`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The slash command posts its root message at the edge: none may have been posted.
    expect(slack.callsTo("chat.postMessage").length).toBe(postsBefore);

    // Not vacuous: the same requests dated just inside the window go through.
    for (const offset of [-290, 0, 290]) {
      const timestamp = String(Math.floor(Date.now() / 1000) + offset);
      const before = asks.length;
      const body = JSON.stringify(slackEvent("app-mention", { ts: `1800000001.${offset + 1000}` }));
      expect(await post("application/json", body, timestamp)).toBe(200);
      expect(asks.length).toBe(before + 1);
    }
  });

  it("answers every signed but malformed slash command form below 500, queueing only well-formed ones", async () => {
    const seed = fuzzSeed(20_261_206);
    const random = seededRandom(seed);
    const failures: string[] = [];
    let queued = 0;
    for (let index = 0; index < cases; index++) {
      const form =
        index % 20 === 0 ? slashCommand({ text: `what is jitter? ${index}` }) : mutatedCommand(random, index);
      const before = asks.length;
      let status = 0;
      try {
        status = await post("application/x-www-form-urlencoded", formBody(form));
      } catch (error) {
        failures.push(`seed ${seed} case ${index}: no response (${String(error).slice(0, 100)})`);
      }
      if (status >= 500 || status < 200)
        failures.push(`seed ${seed} case ${index}: status ${status} for ${formBody(form).slice(0, 200)}`);
      for (const ask of asks.slice(before)) {
        queued += 1;
        if (ask.id.includes(":") || ask.conversation.workspace !== form.team_id)
          failures.push(`seed ${seed} case ${index}: queued ${JSON.stringify(ask).slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(queued).toBeGreaterThanOrEqual(cases / 20);
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });
});
