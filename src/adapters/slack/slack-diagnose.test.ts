import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { testConfig } from "../../../test/support/test-config.js";
import { slackModule } from "./slack-module.js";
import { botScopes } from "./slack-scopes.js";

describe("rte doctor for Slack", () => {
  let slack: FakeSlack;
  afterEach(async () => {
    await slack.close();
  });

  const diagnose = (environment: Record<string, string>) =>
    slackModule.diagnose(
      testConfig({
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: slack.url,
        ...environment,
      }),
    );

  it("reaches Slack with the bot token and finds every scope rte needs", async () => {
    slack = await startFakeSlack({ scopes: [...botScopes, "users:read"] });

    const checks = await diagnose({});

    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ["slack", true],
      ["slack scopes", true],
      ["slack http", true],
    ]);
    expect(checks[0]?.detail).toContain("U0BOT");
  });

  it("names the scopes an installed app is missing and how to add them", async () => {
    slack = await startFakeSlack({ scopes: botScopes.filter((scope) => scope !== "im:history") });

    const [, scopes] = await diagnose({});

    expect(scopes).toMatchObject({ ok: false, detail: "missing im:history" });
    expect(scopes?.fix).toContain("slack-manifest.yaml");
  });

  it("says which token to copy when Slack refuses it", async () => {
    slack = await startFakeSlack();

    const checks = await diagnose({ SLACK_BOT_TOKEN: "xoxb-revoked" });

    expect(checks).toEqual([
      expect.objectContaining({
        name: "slack",
        ok: false,
        fix: expect.stringContaining("Bot User OAuth Token"),
      }),
    ]);
  });

  it("checks the app-level token when Socket Mode is configured", async () => {
    slack = await startFakeSlack({ scopes: [...botScopes] });

    const checks = await diagnose({ SLACK_APP_TOKEN: "xapp-1-test" });

    expect(checks.at(-1)).toMatchObject({
      name: "slack socket mode",
      ok: false,
      fix: expect.stringContaining("connections:write"),
    });
  });
});
