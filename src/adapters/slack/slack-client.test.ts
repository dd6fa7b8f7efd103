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

  it("gives up on a call Slack does not answer within the timeout, as a transient failure", async () => {
    const server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const options = slackClientOptions({
      apiUrl: `http://127.0.0.1:${port}/api/`,
      logger: silentLogger,
      role: "ingress",
    });
    const silent = new WebClient("xoxb-test", options);
    try {
      const error = await failure(slackCall("auth.test", () => silent.auth.test()));
      expect(error).toMatchObject({ code: "slack_unreachable", permanent: false });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
