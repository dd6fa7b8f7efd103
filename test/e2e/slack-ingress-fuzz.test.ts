import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunningIngress } from "../../src/adapters/platform-module.js";
import { slackModule } from "../../src/adapters/slack/slack-module.js";
import type { Ask } from "../../src/core/ask.js";
import { createHttpServer, type HttpServer } from "../../src/http/http-server.js";
import type { SubmitResult } from "../../src/ingress/submit.js";
import { createRedisSharedState } from "../../src/store/redis-shared-state.js";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.js";
import { createRecordingLogger } from "../fakes/recording-logger.js";
import { signSlackRequest } from "../fakes/slack-signing.js";
import { type SlackEnvelope, slackEvent } from "../fixtures/slack/fixtures.js";
import { fuzzSeed, mutate, pick, type Random, seededRandom, strangeValue } from "../support/fuzz.js";
import { signingSecret } from "../support/slack-harness.js";
import { testConfig } from "../support/test-config.js";

const cases = Number(process.env.FUZZ_CASES ?? 2_500);
const BOT = "U0BOT";

/**
 * A well-formed question from a person, judged from the raw body without the adapter's code: an
 * event_callback whose event is a mention, DM or thread reply written by a user (no bot_id, no subtype but
 * the two a person makes), with string user/channel/ts of the shapes Slack sends.
 */
function wellFormedHumanQuestion(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const envelope = body as Record<string, unknown>;
  const event = envelope.event as Record<string, unknown> | null | undefined;
  if (envelope.type !== "event_callback" || typeof event !== "object" || event === null) return false;
  const { type, subtype, bot_id: botId, user, channel, ts, thread_ts: threadTs } = event;
  if (type !== "app_mention" && type !== "message") return false;
  if (subtype !== undefined && subtype !== "thread_broadcast" && subtype !== "file_share") return false;
  if (botId !== undefined || typeof user !== "string" || user === BOT || !/^[UW][A-Z0-9]+$/.test(user))
    return false;
  if (typeof channel !== "string" || !/^[CDG][A-Z0-9]+$/.test(channel)) return false;
  if (typeof ts !== "string" || !/^\d+\.\d+$/.test(ts)) return false;
  if (threadTs !== undefined && (typeof threadTs !== "string" || !/^\d+\.\d+$/.test(threadTs))) return false;
  const text = typeof event.text === "string" ? event.text : "";
  return (
    type === "app_mention" ||
    channel.startsWith("D") ||
    text.includes(`<@${BOT}>`) ||
    (threadTs !== undefined && threadTs !== ts)
  );
}

const focused = (random: Random): Array<(payload: Record<string, unknown>) => void> => {
  const event = (payload: Record<string, unknown>) => payload.event as Record<string, unknown>;
  return [
    (payload) => Object.assign(event(payload), { bot_id: pick(random, ["B0OTHER", null, 1, true, {}, ""]) }),
    (payload) =>
      Object.assign(event(payload), {
        subtype: pick(random, ["bot_message", "message_changed", "channel_join", "file_share", 7, null]),
      }),
    (payload) => Object.assign(event(payload), { thread_ts: strangeValue(random) }),
    (payload) => Object.assign(event(payload), { thread_ts: "1715000000.000001" }),
    (payload) => delete event(payload)[pick(random, ["user", "channel", "ts", "type"])],
    (payload) => Object.assign(event(payload), { user: pick(random, [BOT, 42, null, ["U0HUMAN"]]) }),
    (payload) => Object.assign(event(payload), { ts: pick(random, ["1:2", "../x", 1715000000.1, ""]) }),
    (payload) => Object.assign(event(payload), { channel: pick(random, ["C0:X", 5, "", "../../x"]) }),
    (payload) => Object.assign(event(payload), { type: pick(random, ["reaction_added", "team_join", 3]) }),
    (payload) => Object.assign(payload, { type: pick(random, ["url_verification", "app_rate_limited", 1]) }),
    (payload) => Object.assign(event(payload), { text: `<@${BOT}> ${"q".repeat(60_000)}` }),
    (payload) => Object.assign(event(payload), { text: `<@${BOT}> 🚀\u202E\uD800 <!here>?` }),
    (payload) => Object.assign(payload, { event: strangeValue(random) }),
  ];
};

type Request = { body: string; headers: Record<string, string>; parsed: unknown; signed: boolean };

/** One request: mostly signed mutated JSON, sometimes broken on the wire in one of a few ways. */
function fuzzRequest(random: Random, index: number, bases: SlackEnvelope[]): Request {
  const base = structuredClone(pick(random, bases));
  // A fresh message identity per case, so the dedupe claims do not hide what the mapping would do.
  const ts = `1800000000.${String(index).padStart(6, "0")}`;
  Object.assign(base, { event_id: `Ev${index}` });
  Object.assign(base.event, { ts, event_ts: ts });
  const parsed = index % 50 === 0 ? base : mutate(base, random, focused(random));
  let body = JSON.stringify(parsed) ?? "null";
  const json = { "content-type": "application/json" };
  const roll = random();
  if (roll < 0.05) return { body, headers: json, parsed, signed: false };
  if (roll < 0.08)
    return { body, headers: { ...json, ...signSlackRequest("wrong", body) }, parsed, signed: false };
  if (roll < 0.11) {
    const old = Math.floor(Date.now() / 1000) - 60 * 10;
    return {
      body,
      headers: { ...json, ...signSlackRequest(signingSecret, body, old) },
      parsed,
      signed: false,
    };
  }
  let headers: Record<string, string> = json;
  let meaning: unknown = parsed;
  if (roll < 0.15) {
    body = body.slice(0, Math.floor(random() * body.length));
    meaning = undefined;
  } else if (roll < 0.18) {
    body = pick(random, ["{", "not json", "", "[]", "null", '{"type":', "\u0000\uD800"]);
    meaning = undefined;
  } else if (roll < 0.21) {
    // Bolt reads JSON whatever the content type, and JSON in `payload` of a form body.
    const form = random() < 0.5;
    const contentType = pick(random, ["text/plain", "application/x-www-form-urlencoded", "x/y"]);
    headers = { "content-type": contentType };
    if (form) body = `payload=${encodeURIComponent(body)}`;
    if (form !== (contentType === "application/x-www-form-urlencoded")) meaning = undefined;
  }
  return {
    body,
    headers: { ...headers, ...signSlackRequest(signingSecret, body) },
    parsed: meaning,
    signed: true,
  };
}

describe("Slack ingress under thousands of mutated /slack/events requests", () => {
  let slack: FakeSlack;
  let redis: Redis;
  let http: HttpServer;
  let ingress: RunningIngress;
  let url: string;
  const asks: Ask[] = [];
  const controls: string[] = [];
  const logger = createRecordingLogger();

  beforeAll(async () => {
    slack = await startFakeSlack();
    redis = new Redis(inject("redisUrl"));
    const config = testConfig({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.url,
    });
    http = createHttpServer(logger);
    const submit = async (ask: Ask): Promise<SubmitResult> => {
      asks.push(ask);
      return asks.length % 10 === 0
        ? { status: "refused", reason: "slow down", silent: false }
        : { status: "queued" };
    };
    ingress = await slackModule.startIngress({
      config,
      logger,
      transcript: undefined as never,
      state: createRedisSharedState(redis, config.queuePrefix),
      submit,
      http,
      requestStop: async (askId) => {
        controls.push(`stop ${askId}`);
      },
      recordFeedback: async (feedback) => {
        controls.push(`${feedback.verdict} ${feedback.askId} ${feedback.comment ?? ""}`.trim());
      },
    });
    url = `http://127.0.0.1:${await http.listen(0, "127.0.0.1")}/slack/events`;
  });
  afterAll(async () => {
    await ingress?.stop();
    await http?.close();
    redis?.disconnect();
    await slack?.close();
  });

  it("answers every request with a clean status and queues only well-formed human questions", async () => {
    const seed = fuzzSeed(20_261_125);
    const random = seededRandom(seed);
    const bases = [
      slackEvent("app-mention"),
      slackEvent("message-mention"),
      slackEvent("message-im"),
      slackEvent("message-thread-reply"),
      slackEvent("message-other-bot"),
    ];
    const failures: string[] = [];
    let queuedUnmutated = 0;
    for (let index = 0; index < cases; index++) {
      const request = fuzzRequest(random, index, bases);
      const before = asks.length;
      let status = 0;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(5_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch (error) {
        failures.push(`seed ${seed} case ${index}: no response (${String(error).slice(0, 100)})`);
      }
      if (status >= 500 || status < 200) failures.push(`seed ${seed} case ${index}: status ${status}`);
      if (!request.signed && status !== 401 && status !== 400)
        failures.push(`seed ${seed} case ${index}: unsigned got ${status}`);
      if (asks.length === before) continue;
      if (index % 50 === 0) queuedUnmutated += 1;
      if (!request.signed || !wellFormedHumanQuestion(request.parsed))
        failures.push(`seed ${seed} case ${index}: queued ${request.body.slice(0, 300)}`);
      const ask = asks.at(-1);
      if (JSON.stringify(JSON.parse(JSON.stringify(ask))) !== JSON.stringify(ask) || ask?.id.includes(":"))
        failures.push(`seed ${seed} case ${index}: the Ask is not plain JSON with a BullMQ-safe id`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // Not vacuous: the unmutated questions went through, and so did plenty of mutated ones.
    expect(queuedUnmutated).toBeGreaterThan(0);
    expect(asks.length).toBeGreaterThan(cases / 10);
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });

  it("answers every button click and modal submit cleanly, acting only on rte's own controls", async () => {
    const seed = fuzzSeed(20_261_126);
    const random = seededRandom(seed);
    const askId = "slack-T0TEAM-C0CHANNEL-1715000000.000100";
    const click = (actionId: string) => ({
      type: "block_actions",
      team: { id: "T0TEAM", domain: "fake" },
      user: { id: "U0HUMAN", username: "ada", team_id: "T0TEAM" },
      api_app_id: "A0APP",
      trigger_id: "1.2.abc",
      channel: { id: "C0CHANNEL", name: "general" },
      message: { ts: "1715000000.000200", thread_ts: "1715000000.000100", type: "message", bot_id: "B0BOT" },
      actions: [{ type: "button", action_id: actionId, block_id: "rte_feedback", value: askId }],
    });
    const submit = {
      type: "view_submission",
      team: { id: "T0TEAM", domain: "fake" },
      user: { id: "U0HUMAN", username: "ada", team_id: "T0TEAM" },
      api_app_id: "A0APP",
      view: {
        id: "V0VIEW",
        type: "modal",
        callback_id: "rte_feedback_comment",
        private_metadata: askId,
        state: { values: { comment: { comment_input: { type: "plain_text_input", value: "too vague" } } } },
      },
    };
    const bases = [click("rte_stop"), click("rte_feedback_up"), click("rte_feedback_down"), submit];
    const failures: string[] = [];
    const interactionCases = Number(process.env.FUZZ_CASES ?? 1_000);
    for (let index = 0; index < interactionCases; index++) {
      const payload = index % 20 === 0 ? pick(random, bases) : mutate(pick(random, bases), random);
      const body = `payload=${encodeURIComponent(JSON.stringify(payload) ?? "null")}`;
      const before = controls.length;
      let status = 0;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            ...signSlackRequest(signingSecret, body),
          },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch (error) {
        failures.push(`seed ${seed} case ${index}: no response (${String(error).slice(0, 100)})`);
      }
      if (status >= 500 || status < 200) failures.push(`seed ${seed} case ${index}: status ${status}`);
      for (const acted of controls.slice(before)) {
        if (!/^(stop|up|down) slack-[\w.-]+( .+)?$/.test(acted))
          failures.push(`seed ${seed} case ${index}: acted on ${acted.slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(controls.length).toBeGreaterThan(interactionCases / 20);
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });
});
