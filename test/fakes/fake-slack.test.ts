import type { AddressInfo } from "node:net";
import { App, LogLevel as BoltLogLevel, verifySlackRequest } from "@slack/bolt";
import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  WebClientEvent,
} from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack, UPDATE_TEXT_LIMIT } from "./fake-slack.js";
import { postSignedCommand, postSignedEvent, signSlackRequest } from "./slack-signing.js";

const CHANNEL = "C0CHANNEL";
const HUMAN = "U0HUMAN";
const fastRetries = { retries: 1, minTimeout: 10, maxTimeout: 20 };

/** Resolves with what the promise rejected with; fails the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

/** The `error` of a `{ ok: false }` answer, as WebClient surfaces it. */
async function slackErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise);
  if (!(error instanceof WebAPIPlatformError)) throw error;
  return error.data.error;
}

describe("startFakeSlack with the real WebClient", () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFakeSlack();
    client = new WebClient(fake.botToken, {
      slackApiUrl: fake.url,
      logLevel: LogLevel.ERROR,
      retryConfig: fastRetries,
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  it("answers auth.test with the bot identity Bolt reads", async () => {
    const result = await client.auth.test();

    expect(result).toMatchObject({ ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0TEAM" });
    expect(fake.calls).toEqual([
      {
        method: "auth.test",
        args: {},
        token: "xoxb-test",
        at: expect.any(Number),
        contentType: "application/x-www-form-urlencoded",
      },
    ]);
  });

  it("rejects a missing or wrong token as Slack does", async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR });
    const stranger = new WebClient("xoxb-other", { slackApiUrl: fake.url, logLevel: LogLevel.ERROR });

    expect(await slackErrorOf(anonymous.auth.test())).toBe("not_authed");
    expect(await slackErrorOf(stranger.auth.test())).toBe("invalid_auth");
    expect(await slackErrorOf(client.apiCall("chat.fly"))).toBe("unknown_method");
  });

  it("posts into a thread as the bot and decodes the form-encoded blocks", async () => {
    const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "<@U0BOT> why is my p99 spiky?" });
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*GC pauses*" } }];

    const result = await client.chat.postMessage({
      channel: CHANNEL,
      thread_ts: root.ts,
      text: "GC pauses",
      blocks,
    });

    expect(result).toMatchObject({
      ok: true,
      channel: CHANNEL,
      message: { type: "message", user: "U0BOT", bot_id: "B0BOT", text: "GC pauses", thread_ts: root.ts },
    });
    expect(fake.callsTo("chat.postMessage")[0]?.args).toEqual({
      channel: CHANNEL,
      thread_ts: root.ts,
      text: "GC pauses",
      blocks,
    });
    expect(fake.messages(CHANNEL, root.ts)).toEqual([
      { ...root, thread_ts: root.ts },
      {
        channel: CHANNEL,
        ts: result.ts,
        thread_ts: root.ts,
        user: "U0BOT",
        bot_id: "B0BOT",
        text: "GC pauses",
        blocks,
      },
    ]);
    expect(fake.messages(CHANNEL).map((message) => message.ts)).toEqual([root.ts]);
  });

  it("tells call listeners each call with the answer it got, until they stop listening", async () => {
    const heard: Array<{ method: string; ts: unknown; ok: unknown }> = [];
    const stop = fake.onCall((call, response) =>
      heard.push({ method: call.method, ts: response?.ts, ok: response?.ok }),
    );

    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "first" });
    await slackErrorOf(client.chat.update({ channel: CHANNEL, ts: "1.000001", text: "gone" }));
    stop();
    await client.chat.postMessage({ channel: CHANNEL, text: "unheard" });

    expect(heard).toEqual([
      { method: "chat.postMessage", ts: posted.ts, ok: true },
      { method: "chat.update", ts: undefined, ok: false },
    ]);
  });

  it("treats a reply's ts as its parent's thread", async () => {
    const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "question" });
    const reply = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "more", thread_ts: root.ts });

    await client.chat.postMessage({ channel: CHANNEL, thread_ts: reply.ts, text: "answer" });

    expect(fake.messages(CHANNEL, root.ts).map((message) => message.text)).toEqual([
      "question",
      "more",
      "answer",
    ]);
  });

  it("enforces markdown_text's conflict and size rules", async () => {
    const markdown = { channel: CHANNEL, markdown_text: "**bold**" };

    expect(await slackErrorOf(client.chat.postMessage({ ...markdown, text: "also" }))).toBe(
      "markdown_text_conflict",
    );
    expect(
      await slackErrorOf(client.chat.postMessage({ channel: CHANNEL, markdown_text: "x".repeat(12_001) })),
    ).toBe("msg_blocks_too_long");
    expect(await slackErrorOf(client.chat.postMessage({ channel: CHANNEL, text: "x".repeat(40_001) }))).toBe(
      "msg_too_long",
    );
    expect(await slackErrorOf(client.chat.postMessage({ channel: CHANNEL, text: "" }))).toBe("no_text");

    const posted = await client.chat.postMessage(markdown);
    expect(posted.message).toMatchObject({ text: "**bold**" });
    expect(fake.messages(CHANNEL)).toEqual([expect.objectContaining({ markdown_text: "**bold**" })]);
  });

  it("updates the bot's messages within chat.update's 4,000-character text limit", async () => {
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "thinking…" });
    const ts = posted.ts ?? "";

    const updated = await client.chat.update({ channel: CHANNEL, ts, text: "done" });
    expect(updated).toMatchObject({ ok: true, channel: CHANNEL, ts, text: "done" });
    expect(fake.messages(CHANNEL)[0]?.text).toBe("done");

    const tooLong = "x".repeat(UPDATE_TEXT_LIMIT + 1);
    expect(await slackErrorOf(client.chat.update({ channel: CHANNEL, ts, text: tooLong }))).toBe(
      "msg_too_long",
    );
    expect(await slackErrorOf(client.chat.update({ channel: CHANNEL, ts: "1.000001", text: "x" }))).toBe(
      "message_not_found",
    );
    const human = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "mine" });
    expect(await slackErrorOf(client.chat.update({ channel: CHANNEL, ts: human.ts, text: "x" }))).toBe(
      "cant_update_message",
    );

    await client.chat.delete({ channel: CHANNEL, ts });
    expect(fake.messages(CHANNEL).map((message) => message.ts)).toEqual([human.ts]);
  });

  it("pages conversations.replies with limit and cursor, root first", async () => {
    const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "root" });
    for (const text of ["one", "two", "three", "four"]) {
      fake.addMessage({ channel: CHANNEL, user: HUMAN, text, thread_ts: root.ts });
    }

    const first = await client.conversations.replies({ channel: CHANNEL, ts: root.ts, limit: 2 });
    expect(first.messages?.map((message) => message.text)).toEqual(["root", "one"]);
    expect(first.messages?.[0]).toMatchObject({ reply_count: 4, reply_users: [HUMAN], thread_ts: root.ts });
    expect(first.messages?.[1]).toMatchObject({ parent_user_id: HUMAN, thread_ts: root.ts });
    expect(first.has_more).toBe(true);

    const texts: string[] = [];
    for await (const page of client.paginate("conversations.replies", {
      channel: CHANNEL,
      ts: root.ts,
      limit: 2,
    })) {
      const { messages = [] } = page as { messages?: { text: string }[] };
      texts.push(...messages.map((message) => message.text));
    }
    expect(texts).toEqual(["root", "one", "two", "three", "four"]);
    expect(fake.callsTo("conversations.replies").map((call) => call.args.cursor === undefined)).toEqual([
      true,
      true,
      false,
      false,
    ]);

    expect(await slackErrorOf(client.conversations.replies({ channel: CHANNEL, ts: "1.000001" }))).toBe(
      "thread_not_found",
    );
  });

  it("keeps a post's metadata and returns it from conversations.replies only with include_all_metadata", async () => {
    const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "root" });
    const metadata = { event_type: "rte_answer", event_payload: { ask_id: "ask-1", index: 0 } };
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: root.ts, text: "answer", metadata });

    const plain = await client.conversations.replies({ channel: CHANNEL, ts: root.ts });
    expect(plain.messages?.map((message) => message.metadata)).toEqual([undefined, undefined]);
    const withMetadata = await client.conversations.replies({
      channel: CHANNEL,
      ts: root.ts,
      include_all_metadata: true,
    });
    expect(withMetadata.messages?.map((message) => message.metadata)).toEqual([undefined, metadata]);

    const malformed = { event_type: "", event_payload: {} };
    expect(
      await slackErrorOf(client.chat.postMessage({ channel: CHANNEL, text: "x", metadata: malformed })),
    ).toBe("invalid_metadata_format");
  });

  it("returns channel history newest first", async () => {
    const older = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "older" });
    fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "reply", thread_ts: older.ts });
    fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "newer" });

    const history = await client.conversations.history({ channel: CHANNEL });

    expect(history.messages?.map((message) => message.text)).toEqual(["newer", "older"]);
  });

  it("runs a stream through start, append and stop with the ChatStreamer helper", async () => {
    const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "explain backpressure" });
    const streamer = client.chatStream({
      channel: CHANNEL,
      thread_ts: root.ts,
      recipient_team_id: "T0TEAM",
      recipient_user_id: HUMAN,
      buffer_size: 5,
    });

    await streamer.append({ markdown_text: "Back" });
    expect(fake.callsTo("chat.startStream")).toEqual([]);
    await streamer.append({ markdown_text: "pressure is" });
    const ts = streamer.ts ?? "";
    expect(fake.messages(CHANNEL, root.ts)[1]).toMatchObject({
      ts,
      streaming: true,
      markdown_text: "Backpressure is",
    });
    await streamer.append({ markdown_text: " flow control." });
    await streamer.stop({ blocks: [{ type: "context_actions", elements: [] }] });

    expect(fake.callsTo("chat.startStream")[0]?.args).toMatchObject({
      chunks: [{ type: "markdown_text", text: "Backpressure is" }],
    });
    expect(fake.messages(CHANNEL, root.ts)[1]).toMatchObject({
      streaming: false,
      markdown_text: "Backpressure is flow control.",
      blocks: [{ type: "context_actions", elements: [] }],
      bot_id: "B0BOT",
    });
    expect(
      await slackErrorOf(client.chat.appendStream({ channel: CHANNEL, ts, markdown_text: "late" })),
    ).toBe("message_not_in_streaming_state");
  });

  it("requires stream recipients in channels but not in DMs", async () => {
    const start = { channel: CHANNEL, thread_ts: "1700000000.000100", markdown_text: "hi" };

    expect(await slackErrorOf(client.chat.startStream(start))).toBe("missing_recipient_user_id");
    expect(await slackErrorOf(client.chat.startStream({ ...start, recipient_user_id: HUMAN }))).toBe(
      "missing_recipient_team_id",
    );
    expect((await client.chat.startStream({ ...start, channel: "D0DIRECT" })).ok).toBe(true);
  });

  it("expires a stream so that only chat.update can finish the message", async () => {
    const started = await client.chat.startStream({ channel: "D0DIRECT", thread_ts: "1700000000.000100" });
    const ts = started.ts ?? "";
    const update = { channel: "D0DIRECT", ts, markdown_text: "full answer" };
    expect(await slackErrorOf(client.chat.update(update))).toBe("streaming_state_conflict");

    fake.expireStream(ts);

    const append = { channel: "D0DIRECT", ts, markdown_text: "more" };
    expect(await slackErrorOf(client.chat.appendStream(append))).toBe("message_not_in_streaming_state");
    expect(await slackErrorOf(client.chat.stopStream({ channel: "D0DIRECT", ts }))).toBe(
      "message_not_in_streaming_state",
    );
    await client.chat.update(update);
    expect(fake.messages("D0DIRECT", "1700000000.000100")[0]).toMatchObject({ markdown_text: "full answer" });
  });

  it("waits out a 429's Retry-After and retries", async () => {
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (retryAfter: number) => rateLimited.push(retryAfter));
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 });

    const result = await client.chat.postMessage({ channel: CHANNEL, text: "hello" });

    expect(result.ok).toBe(true);
    expect(rateLimited).toEqual([0]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(2);
    expect(fake.messages(CHANNEL)).toHaveLength(1);
  });

  it("surfaces each kind of failure as its WebClient error class", async () => {
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 });
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 });
    const exhausted = await rejectionOf(client.chat.postMessage({ channel: CHANNEL, text: "a" }));
    // Once retries run out a 429 is a WebAPIRequestError, not WebAPIRateLimitedError.
    expect(exhausted).toBeInstanceOf(WebAPIRequestError);

    const impatient = new WebClient(fake.botToken, {
      slackApiUrl: fake.url,
      logLevel: LogLevel.ERROR,
      rejectRateLimitedCalls: true,
    });
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 7 });
    const rejected = await rejectionOf(impatient.chat.postMessage({ channel: CHANNEL, text: "b" }));
    expect(rejected).toBeInstanceOf(WebAPIRateLimitedError);
    expect((rejected as WebAPIRateLimitedError).retryAfter).toBe(7);

    fake.failNext("chat.postMessage", { status: 503 });
    fake.failNext("chat.postMessage", { status: 503 });
    const unavailable = await rejectionOf(client.chat.postMessage({ channel: CHANNEL, text: "c" }));
    expect(unavailable).toBeInstanceOf(WebAPIHTTPError);

    fake.failNext("chat.postMessage", { error: "channel_not_found" });
    expect(await slackErrorOf(client.chat.postMessage({ channel: CHANNEL, text: "d" }))).toBe(
      "channel_not_found",
    );
    // The queue is per method and drained: the next call succeeds.
    expect((await client.chat.postMessage({ channel: CHANNEL, text: "e" })).ok).toBe(true);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(7);
  });

  it("uploads a snippet into a thread with filesUploadV2", async () => {
    const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "show me the code" });
    const code = "export const answer = 42;\n";

    const result = await client.filesUploadV2({
      channel_id: CHANNEL,
      thread_ts: root.ts,
      content: code,
      filename: "answer.ts",
      snippet_type: "typescript",
      initial_comment: "Here it is.",
    });

    const [getUrl] = fake.callsTo("files.getUploadURLExternal");
    expect(getUrl?.args).toEqual({ filename: "answer.ts", length: "26", snippet_type: "typescript" });
    const completed = fake.callsTo("files.completeUploadExternal")[0]?.args;
    const fileId = (completed?.files as { id: string }[] | undefined)?.[0]?.id ?? "";
    expect(fake.fileContent(fileId)?.toString()).toBe(code);
    expect(result.files).toEqual([
      { ok: true, files: [{ id: fileId, title: "answer.ts" }], response_metadata: {} },
    ]);
    const reply = fake.messages(CHANNEL, root.ts)[1];
    expect(reply).toMatchObject({ user: "U0BOT", text: "Here it is.", thread_ts: root.ts });
    expect(reply?.files).toEqual([
      expect.objectContaining({ id: fileId, name: "answer.ts", filetype: "typescript" }),
    ]);
  });

  it("keeps reactions and answers the lookups a bot makes", async () => {
    const message = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "hi" });

    await client.reactions.add({ channel: CHANNEL, timestamp: message.ts, name: "eyes" });
    expect(
      await slackErrorOf(client.reactions.add({ channel: CHANNEL, timestamp: message.ts, name: "eyes" })),
    ).toBe("already_reacted");
    expect(fake.messages(CHANNEL)[0]?.reactions).toEqual([{ name: "eyes", users: ["U0BOT"], count: 1 }]);
    await client.reactions.remove({ channel: CHANNEL, timestamp: message.ts, name: "eyes" });
    expect(fake.messages(CHANNEL)[0]?.reactions).toEqual([]);

    await client.assistant.threads.setStatus({
      channel_id: CHANNEL,
      thread_ts: message.ts,
      status: "is thinking…",
    });
    expect(fake.callsTo("assistant.threads.setStatus")[0]?.args).toMatchObject({ status: "is thinking…" });
    expect((await client.users.info({ user: HUMAN })).user).toMatchObject({ id: HUMAN, is_bot: false });
    expect((await client.conversations.info({ channel: CHANNEL })).channel).toMatchObject({
      is_channel: true,
    });
    expect((await client.chat.postEphemeral({ channel: CHANNEL, user: HUMAN, text: "psst" })).ok).toBe(true);
    expect(fake.messages(CHANNEL)).toHaveLength(1);
    expect(await slackErrorOf(client.apps.connections.open())).toBe("not_allowed_token_type");
  });

  it("times out waitFor with the calls it saw", async () => {
    await client.auth.test();

    const error = await rejectionOf(fake.waitFor(() => false, 30));

    expect(String(error)).toMatch(/timed out after 30 ms; 1 Web API calls so far[\s\S]*auth\.test/);
  });
});

describe("slack-signing with Bolt", () => {
  const signingSecret = "test-signing-secret";

  it("produces signatures Bolt's verifier accepts, and only for the signed body", () => {
    const body = JSON.stringify({ type: "event_callback" });
    const headers = signSlackRequest(signingSecret, body);
    const verify = (signedBody: string) =>
      verifySlackRequest({
        signingSecret,
        body: signedBody,
        headers: {
          "x-slack-signature": headers["x-slack-signature"] ?? "",
          "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
        },
      });

    expect(() => verify(body)).not.toThrow();
    expect(() => verify(`${body} `)).toThrow(/signature mismatch/);
    const stale = signSlackRequest(signingSecret, body, Math.floor(Date.now() / 1000) - 301);
    expect(() =>
      verifySlackRequest({
        signingSecret,
        body,
        headers: {
          "x-slack-signature": stale["x-slack-signature"] ?? "",
          "x-slack-request-timestamp": Number(stale["x-slack-request-timestamp"]),
        },
      }),
    ).toThrow(/stale/);
  });

  it("drives a real Bolt app end to end: signed event and command in, replies into the fake", async () => {
    const fake = await startFakeSlack();
    const app = new App({
      token: fake.botToken,
      signingSecret,
      logLevel: BoltLogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.url },
    });
    app.event("app_mention", async ({ event, say }) => {
      await say({ text: "on it", thread_ts: event.thread_ts ?? event.ts });
    });
    app.command("/rte", async ({ ack, command, say }) => {
      await ack();
      await say(`asked: ${command.text}`);
    });
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      const root = fake.addMessage({ channel: CHANNEL, user: HUMAN, text: "<@U0BOT> is TCP_NODELAY on?" });
      const event = await postSignedEvent(
        endpoint,
        signingSecret,
        appMentionEnvelope(root.ts, root.text ?? ""),
      );
      expect(event.status).toBe(200);
      await fake.waitFor(() => fake.messages(CHANNEL, root.ts).length === 2);
      expect(fake.messages(CHANNEL, root.ts)[1]).toMatchObject({ text: "on it", bot_id: "B0BOT" });
      expect(fake.callsTo("auth.test")).toHaveLength(1);

      const command = await postSignedCommand(endpoint, signingSecret, slashCommandFields("what is jitter?"));
      expect(command.status).toBe(200);
      await fake.waitFor(() =>
        fake.messages(CHANNEL).some((message) => message.text === "asked: what is jitter?"),
      );

      const forged = await postSignedEvent(endpoint, "wrong-secret", appMentionEnvelope(root.ts, "forged"));
      expect(forged.status).toBe(401);
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});

/** An Events API envelope as Slack delivers an app_mention (docs.slack.dev/reference/events/app_mention). */
function appMentionEnvelope(ts: string, text: string): object {
  return {
    token: "verification-token-unused",
    team_id: "T0TEAM",
    api_app_id: "A0APP",
    event: {
      type: "app_mention",
      user: HUMAN,
      text,
      ts,
      channel: CHANNEL,
      event_ts: ts,
      client_msg_id: "2f8c1f4e-52b5-4a39-9e43-2f2b8a0f6c11",
    },
    type: "event_callback",
    event_id: "Ev0FAKE0001",
    event_time: Math.floor(Number(ts)),
    authorizations: [
      {
        enterprise_id: null,
        team_id: "T0TEAM",
        user_id: "U0BOT",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: "4-fake-event-context",
  };
}

/** The form fields of a slash command (bolt-js `SlashCommand`); Slack never sends a thread_ts. */
function slashCommandFields(text: string): Record<string, string> {
  return {
    token: "verification-token-unused",
    team_id: "T0TEAM",
    team_domain: "fake-workspace",
    channel_id: CHANNEL,
    channel_name: "general",
    user_id: HUMAN,
    user_name: "human",
    command: "/rte",
    text,
    api_app_id: "A0APP",
    is_enterprise_install: "false",
    response_url: "https://hooks.slack.com/commands/T0TEAM/1/fake",
    trigger_id: "1.2.fake",
  };
}
