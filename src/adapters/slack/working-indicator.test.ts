import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { silentLogger } from "../../core/logger.js";
import { createSlackClient } from "./slack-client.js";
import { createWorkingIndicator, type WorkingIndicatorOptions } from "./working-indicator.js";

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

  const client = () =>
    createSlackClient({ token: slack.botToken, apiUrl: slack.url, logger: silentLogger, role: "worker" });
  const indicator = (options: WorkingIndicatorOptions = {}) =>
    createWorkingIndicator(
      client(),
      { channel: CHANNEL, threadTs: question, messageTs: question },
      silentLogger,
      options,
    );
  const statuses = () => slack.callsTo("assistant.threads.setStatus").map((call) => call.args.status);
  const reply = () => client().chat.postMessage({ channel: CHANNEL, thread_ts: question, text: "Answer." });

  it("shows and clears Slack's thread status", async () => {
    const working = indicator();
    await working.show("is thinking…");
    await working.clear();

    expect(statuses()).toEqual(["is thinking…", ""]);
    expect(slack.callsTo("reactions.add")).toEqual([]);
  });

  it("leaves a status the answer's first message cleared, as Slack does when the app replies", async () => {
    const working = indicator();
    await working.show("is thinking…");
    await working.replying(reply);
    await working.clear();

    expect(statuses()).toEqual(["is thinking…"]);
  });

  it("shows nothing when the answer comes before the first status was due, and nothing to clear after", async () => {
    const working = indicator({ firstShowAt: Date.now() + 60_000 });
    await working.show("is thinking…");
    await working.replying(reply);
    await working.clear();

    expect(statuses()).toEqual([]);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("shows a later status (a tool at work) at once, and clears it when no message followed", async () => {
    const working = indicator({ firstShowAt: Date.now() + 60_000 });
    await working.show("is thinking…");
    await working.replying(reply);
    await working.show("is searching the web…");
    await working.clear();

    expect(statuses()).toEqual(["is searching the web…", ""]);
  });

  it("reacts to the question instead where Slack refuses the status, and takes the reaction back", async () => {
    const working = indicator();
    slack.failNext("assistant.threads.setStatus", { error: "missing_scope" });
    await working.show("is thinking…");
    expect(slack.messages(CHANNEL)[0]?.reactions).toEqual([
      { name: "hourglass_flowing_sand", users: ["U0BOT"], count: 1 },
    ]);

    // A reply does not take a reaction away: the indicator still does.
    await working.replying(reply);
    slack.failNext("assistant.threads.setStatus", { error: "missing_scope" });
    await working.clear();
    expect(slack.messages(CHANNEL)[0]?.reactions).toEqual([]);
  });

  it("never fails an answer, even when Slack cannot be reached", async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      slack.failNext("assistant.threads.setStatus", { status: 503 });

    await expect(indicator().show("is thinking…")).resolves.toBeUndefined();
  });
});
