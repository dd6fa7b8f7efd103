import { afterEach, describe, expect, it } from "vitest";
import type { FakeBehaviour } from "../fakes/fake-anthropic.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

const CHANNEL = "C0CHANNEL";
const ROOT = "1715000000.000100";
const releases = {
  url: "https://github.com/socketio/socket.io/releases",
  title: "Releases · socketio/socket.io",
};
const searched: FakeBehaviour = {
  kind: "tools",
  steps: [
    { type: "web_search", query: "socket.io latest version", results: [releases] },
    {
      type: "text",
      text: "socket.io **4.8.1** is the latest; upgrade with `npm i socket.io@4`.",
      cites: [releases],
    },
  ],
};

/** Nothing of a tool's workings may reach the thread: ids, result blocks, encrypted fields, raw JSON. */
function expectNoToolOutput(text: string): void {
  for (const leak of ["srvtoolu", "encrypted", "web_search_result", "tool_use", "fake-encrypted", '{"']) {
    expect(text).not.toContain(leak);
  }
}

describe("Slack answers grounded with server tools, end to end", () => {
  let harness: SlackHarness;
  afterEach(async () => {
    await harness?.close();
  });

  async function ask(): Promise<string[]> {
    const mention = slackEvent("app-mention");
    harness.seed(mention);
    await harness.postEvent(mention);
    await harness.answers(1);
    return harness.replyTexts(CHANNEL, ROOT);
  }

  it("offers the tools, shows the search in the thread status first, and answers once with its source", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue(searched);

    const replies = await ask();

    expect(harness.anthropic.messageRequests()[0]?.body.tools).toEqual([
      { type: "web_search_20260318", name: "web_search", max_uses: 5 },
      { type: "web_fetch_20260318", name: "web_fetch", max_uses: 5 },
      { type: "code_execution_20260521", name: "code_execution" },
    ]);
    expect(replies).toHaveLength(1);
    const [answer = ""] = replies;
    expect(answer).toContain("4.8.1");
    expect(answer).toContain(`**Sources:** [Releases · socketio/socket.io](${releases.url})`);
    expect(answer.split(releases.url)).toHaveLength(2);
    expectNoToolOutput(answer);

    const calls = harness.slack.calls.map((call) => [call.method, call.args?.status] as const);
    const searching = calls.findIndex(
      ([method, status]) =>
        method === "assistant.threads.setStatus" &&
        status === "is searching the web for “socket.io latest version”…",
    );
    const firstPost = calls.findIndex(([method]) => method === "chat.postMessage");
    expect(searching).toBeGreaterThanOrEqual(0);
    expect(searching).toBeLessThan(firstPost);
  });

  it("continues a paused turn into one complete answer", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue(
      {
        kind: "tools",
        steps: [{ type: "web_search", query: "redis adapter sharded", results: [releases], paused: true }],
      },
      { kind: "tools", steps: [{ type: "text", text: "Use the sharded Redis adapter.", cites: [releases] }] },
    );

    const replies = await ask();

    expect(harness.anthropic.messageRequests()).toHaveLength(2);
    expect(harness.anthropic.messageRequests()[1]?.body.messages.at(-1).role).toBe("assistant");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Use the sharded Redis adapter\.\n\n\*\*Sources:\*\* \[Releases/);
    expectNoToolOutput(replies[0] ?? "");
  });

  it("retries an answer whose stream was cut while a tool ran, and shows it once", async () => {
    harness = await startSlackHarness();
    harness.anthropic.enqueue({ ...searched, cutMidTool: true } as FakeBehaviour, searched);

    const replies = await ask();

    expect(harness.anthropic.messageRequests()).toHaveLength(2);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.split("4.8.1")).toHaveLength(2);
  });

  it("sends no tools with RTE_TOOLS=none", async () => {
    harness = await startSlackHarness({ RTE_TOOLS: "none" });
    await ask();
    expect(harness.anthropic.messageRequests()[0]?.body).not.toHaveProperty("tools");
  });
});
