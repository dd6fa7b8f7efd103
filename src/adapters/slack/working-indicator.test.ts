import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { silentLogger } from "../../core/logger.js";
import { createSlackClient } from "./slack-client.js";
import { createWorkingIndicator } from "./working-indicator.js";

const CHANNEL = "C0CHANNEL";

describe("createWorkingIndicator", () => {
  let slack: FakeSlack;
  let question: string;
  beforeEach(async () => {
    slack = await startFakeSlack();
    question = slack.addMessage({ channel: CHANNEL, user: "U0HUMAN", text: "why?" }).ts;
  });
  afterEach(async () => {
    await slack.close();
  });

  const indicator = () =>
    createWorkingIndicator(
      createSlackClient({ token: slack.botToken, apiUrl: slack.url, logger: silentLogger, role: "worker" }),
      { channel: CHANNEL, threadTs: question, messageTs: question },
      silentLogger,
    );

  it("shows and clears Slack's thread status", async () => {
    await indicator().show("is thinking…");
    await indicator().clear();

    expect(slack.callsTo("assistant.threads.setStatus").map((call) => call.args.status)).toEqual([
      "is thinking…",
      "",
    ]);
    expect(slack.callsTo("reactions.add")).toEqual([]);
  });

  it("reacts to the question instead where Slack refuses the status, and takes the reaction back", async () => {
    slack.failNext("assistant.threads.setStatus", { error: "missing_scope" });
    await indicator().show("is thinking…");
    expect(slack.messages(CHANNEL)[0]?.reactions).toEqual([
      { name: "hourglass_flowing_sand", users: ["U0BOT"], count: 1 },
    ]);

    slack.failNext("assistant.threads.setStatus", { error: "missing_scope" });
    await indicator().clear();
    expect(slack.messages(CHANNEL)[0]?.reactions).toEqual([]);
  });

  it("never fails an answer, even when Slack cannot be reached", async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      slack.failNext("assistant.threads.setStatus", { status: 503 });

    await expect(indicator().show("is thinking…")).resolves.toBeUndefined();
  });
});
