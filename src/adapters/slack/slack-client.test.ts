import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { RteError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import { createSlackClient, slackCall, slackClientOptions } from "./slack-client.js";

describe("the worker's Slack client", () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await slack.close();
  });

  const client = () =>
    createSlackClient({ token: slack.botToken, apiUrl: slack.url, logger: silentLogger, role: "worker" });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("expected a failure"),
      (error: unknown) => error as RteError,
    );

  it("hands a 429 straight to the worker with its Retry-After, instead of sleeping on it", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 7 });

    const error = await failure(
      slackCall("chat.postMessage", () => client().chat.postMessage({ channel: "C0CHANNEL", text: "hi" })),
    );

    expect(error).toBeInstanceOf(RteError);
    expect(error).toMatchObject({ code: "slack_rate_limited", retryAfterMs: 7_000, permanent: false });
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("marks errors no retry can fix as permanent, and names the method, not the payload", async () => {
    slack.failNext("chat.postMessage", { error: "not_in_channel" });

    const error = await failure(
      slackCall("chat.postMessage", () =>
        client().chat.postMessage({ channel: "C0CHANNEL", text: "secret plan" }),
      ),
    );

    expect(error).toMatchObject({ code: "slack_not_in_channel", permanent: true });
    expect(error.message).toBe("Slack refused chat.postMessage: not_in_channel.");
  });

  it("retries a 5xx a couple of times, then gives up as a transient failure", async () => {
    for (let attempt = 0; attempt < 3; attempt++) slack.failNext("chat.update", { status: 503 });

    const error = await failure(
      slackCall("chat.update", () =>
        client().chat.update({ channel: "C0CHANNEL", ts: "1.000001", text: "x" }),
      ),
    );

    expect(error).toMatchObject({ code: "slack_unreachable", permanent: false });
    expect(slack.callsTo("chat.update")).toHaveLength(3);
  });

  it("sends an answer's posts, updates and thread status as JSON, and every other method as WebClient does", async () => {
    const slackClient = client();
    const root = slack.addMessage({ channel: "C0CHANNEL", user: "U0HUMAN", text: "why?" });
    await slackClient.assistant.threads.setStatus({
      channel_id: "C0CHANNEL",
      thread_ts: root.ts,
      status: "is thinking…",
    });
    const posted = await slackClient.chat.postMessage({
      channel: "C0CHANNEL",
      thread_ts: root.ts,
      text: 'Use *Redis* & "sticky" sessions: 100% ✅',
      unfurl_links: false,
      metadata: { event_type: "rte_answer", event_payload: { index: 0 } },
    });
    await slackClient.chat.update({
      channel: "C0CHANNEL",
      ts: posted.ts as string,
      text: "done",
      blocks: [{ type: "markdown", text: "done" }],
    });
    await slackClient.conversations.replies({ channel: "C0CHANNEL", ts: root.ts });

    const json = "application/json; charset=utf-8";
    expect(slack.calls.map((call) => [call.method, call.contentType])).toEqual([
      ["assistant.threads.setStatus", json],
      ["chat.postMessage", json],
      ["chat.update", json],
      ["conversations.replies", "application/x-www-form-urlencoded"],
    ]);
    expect(slack.calls.every((call) => call.token === slack.botToken)).toBe(true);
    expect(slack.callsTo("chat.postMessage")[0]?.args).toMatchObject({
      text: 'Use *Redis* & "sticky" sessions: 100% ✅',
      unfurl_links: false,
      metadata: { event_type: "rte_answer", event_payload: { index: 0 } },
    });
    expect(slack.callsTo("chat.update")[0]?.args).toMatchObject({
      blocks: [{ type: "markdown", text: "done" }],
    });
  });

  it("sends a JSON call with the call's own token when it names one", async () => {
    const error = await failure(
      slackCall("chat.postMessage", () =>
        client().chat.postMessage({ channel: "C0CHANNEL", text: "hi", token: "xoxb-other" }),
      ),
    );

    // The fake knows only its own bot token, so it refuses this one: the override reached the header.
    expect(error).toMatchObject({ code: "slack_invalid_auth", permanent: true });
    expect(slack.callsTo("chat.postMessage")[0]).toMatchObject({ token: "xoxb-other" });
    expect(slack.callsTo("chat.postMessage")[0]?.args).not.toHaveProperty("token");
  });

  it("uploads a file (multipart, over the global fetch) and reads its JSON replies (over undici)", async () => {
    const root = slack.addMessage({ channel: "C0CHANNEL", user: "U0HUMAN", text: "show me" });
    const code = "export const answer = 42;\n";

    await client().filesUploadV2({
      channel_id: "C0CHANNEL",
      thread_ts: root.ts,
      content: code,
      filename: "answer.ts",
    });

    const completed = slack.callsTo("files.completeUploadExternal")[0]?.args;
    const fileId = (completed?.files as { id: string }[] | undefined)?.[0]?.id ?? "";
    expect(slack.fileContent(fileId)?.toString()).toBe(code);
  });

  /** Runs `body` against a Web API that takes every request and never answers. */
  const withSilentSlack = async (body: (apiUrl: string) => Promise<void>) => {
    const server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await body(`http://127.0.0.1:${port}/api/`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  };

  it("gives up on a call Slack does not answer within the timeout, as a transient failure", async () => {
    await withSilentSlack(async (apiUrl) => {
      const silent = new WebClient(
        "xoxb-test",
        slackClientOptions({ apiUrl, logger: silentLogger, role: "ingress" }),
      );
      const error = await failure(slackCall("auth.test", () => silent.auth.test()));
      expect(error).toMatchObject({ code: "slack_unreachable", permanent: false });
    });
  });

  it("gives up on a JSON call Slack does not answer within the timeout, as a transient failure", async () => {
    await withSilentSlack(async (apiUrl) => {
      const ingressTimed = createSlackClient({
        token: "xoxb-test",
        apiUrl,
        logger: silentLogger,
        role: "ingress",
      });
      const error = await failure(
        slackCall("chat.update", () => ingressTimed.chat.update({ channel: "C1", ts: "1.2", text: "x" })),
      );
      expect(error).toMatchObject({ code: "slack_unreachable", permanent: false });
    });
  });
});
