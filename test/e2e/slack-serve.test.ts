import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, inject, it } from "vitest";
import { botScopes } from "../../src/adapters/slack/slack-scopes.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { type FakeSlack, shownText, startFakeSlack } from "../fakes/fake-slack.js";
import { postSignedEvent } from "../fakes/slack-signing.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { cliPath, runCli } from "../support/run-cli.js";
import { testPrefix } from "../support/test-prefix.js";

const signingSecret = "serve-signing-secret";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("rte with Slack configured, as a real process", () => {
  let slack: FakeSlack;
  let anthropic: FakeAnthropic;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill("SIGKILL");
    await slack?.close();
    await anthropic?.close();
  });

  const environment = () => ({
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: anthropic.url,
    REDIS_URL: inject("redisUrl"),
    RTE_QUEUE_PREFIX: testPrefix(),
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.url,
  });

  it("`rte serve` answers a signed mention at /slack/events and stops cleanly on SIGTERM", async () => {
    slack = await startFakeSlack();
    anthropic = await startFakeAnthropic();
    anthropic.enqueue({ kind: "answer", text: "Use the Redis adapter." });
    const port = await freePort();
    const serve = spawn(process.execPath, [cliPath, "serve"], {
      env: { PATH: process.env.PATH ?? "", ...environment(), PORT: String(port), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = serve;
    let logs = "";
    await new Promise<void>((resolve, reject) => {
      serve.stderr?.on("data", (chunk: Buffer) => {
        logs += chunk.toString();
        if (logs.includes("rte is running")) resolve();
      });
      serve.once("exit", (code) => reject(new Error(`rte serve exited (${code}) before running:\n${logs}`)));
    });
    expect(logs).toContain("slack");
    const mention = slackEvent("app-mention");
    slack.addMessage({
      channel: "C0CHANNEL",
      ts: mention.event.ts,
      user: "U0HUMAN",
      text: mention.event.text,
    });

    const response = await postSignedEvent(`http://127.0.0.1:${port}/slack/events`, signingSecret, mention);

    expect(response.status).toBe(200);
    await slack.waitFor(
      () =>
        slack
          .messages("C0CHANNEL", mention.event.ts)
          .some((message) => shownText(message) === "Use the Redis adapter."),
      15_000,
    );
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ checks: { slack: { ok: true } } });
    const exited = new Promise<number | null>((resolve) => serve.once("exit", resolve));
    serve.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(logs).not.toContain(slack.botToken);
  });

  it("`rte doctor` reaches Slack and checks the token's scopes", async () => {
    slack = await startFakeSlack({ scopes: [...botScopes] });
    anthropic = await startFakeAnthropic();

    const result = await runCli(["doctor"], { env: environment() });

    expect(result.stdout).toMatch(/✔ slack: bot token accepted/);
    expect(result.stdout).toContain(`✔ slack scopes: all ${botScopes.length} scopes granted`);
    expect(result.stdout).toMatch(/✔ slack http:/);
  });
});
