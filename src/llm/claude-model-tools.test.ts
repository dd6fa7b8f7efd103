import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeAnthropic,
  type FakeBehaviour,
  startFakeAnthropic,
} from "../../test/fakes/fake-anthropic.js";
import type { Model, ModelEvent } from "../core/model.js";
import { createClaudeModel } from "./claude-model.js";
import type { ServerToolSetting } from "./server-tool-params.js";

const request = {
  system: "You are a senior real-time engineer.",
  turns: [{ role: "user" as const, text: "What is the latest socket.io?" }],
};
const tools: ServerToolSetting[] = [
  { name: "web_search", maxUses: 5 },
  { name: "web_fetch", maxUses: 3 },
  { name: "code_execution", maxUses: 5 },
];
const releases = {
  url: "https://github.com/socketio/socket.io/releases",
  title: "Releases · socketio/socket.io",
};

async function collect(model: Model): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of model.stream(request, new AbortController().signal)) events.push(event);
  return events;
}

describe("createClaudeModel with server tools, against the fake Messages API", () => {
  let fake: FakeAnthropic;
  beforeEach(async () => {
    fake = await startFakeAnthropic({ chunkCharacters: 7 });
  });
  afterEach(async () => {
    await fake.close();
  });
  const model = (options: { tools?: ServerToolSetting[]; maxContinuations?: number } = { tools }) =>
    createClaudeModel({
      apiKey: "test-key",
      baseUrl: fake.url,
      model: "claude-sonnet-5-5",
      maxTokens: 1024,
      ...options,
    });

  it("offers the tools with their caps, shows each call, passes only text and reports sources and usage", async () => {
    fake.enqueue({
      kind: "tools",
      steps: [
        { type: "web_search", query: "socket.io latest release", results: [releases] },
        {
          type: "web_fetch",
          url: "https://socket.io/docs/v4/",
          title: "Socket.IO docs",
          text: "Socket.IO 4.x docs",
        },
        { type: "code_execution", code: "print(2**10)", stdout: "1024\n" },
        { type: "text", text: "socket.io 4.8.1 is the latest.", cites: [releases] },
      ],
    });

    const events = await collect(model());

    const offered = fake.messageRequests()[0]?.body.tools;
    expect(offered).toEqual([
      { type: "web_search_20260318", name: "web_search", max_uses: 5 },
      { type: "web_fetch_20260318", name: "web_fetch", max_uses: 3 },
      { type: "code_execution_20260521", name: "code_execution" },
    ]);
    expect(events.filter((event) => event.type === "activity")).toEqual([
      { type: "activity", activity: { tool: "web_search", subject: "socket.io latest release" } },
      { type: "activity", activity: { tool: "web_fetch", subject: "https://socket.io/docs/v4/" } },
      { type: "activity", activity: { tool: "code_execution" } },
    ]);
    const text = events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("");
    expect(text).toBe("socket.io 4.8.1 is the latest.");
    const done = events.at(-1);
    expect(done).toMatchObject({
      type: "done",
      stopReason: "end_turn",
      usage: { webSearchRequests: 1, webFetchRequests: 1, codeExecutions: 1 },
      sources: [{ url: "https://socket.io/docs/v4/", title: "Socket.IO docs" }, releases],
    });
  });

  it("continues a paused turn by sending its content back as the last message, into one answer", async () => {
    fake.enqueue(
      {
        kind: "tools",
        steps: [
          { type: "text", text: "Let me check. " },
          { type: "web_search", query: "socket.io redis adapter", results: [releases], paused: true },
        ],
        usage: { input_tokens: 100, output_tokens: 10 },
      },
      {
        kind: "tools",
        steps: [{ type: "text", text: "Use @socket.io/redis-adapter 8.3.", cites: [releases] }],
        usage: { input_tokens: 150, output_tokens: 20 },
      },
    );

    const events = await collect(model());

    const [first, second] = fake.messageRequests();
    expect(first?.body.messages).toHaveLength(1);
    const resent = second?.body.messages.at(-1);
    expect(resent.role).toBe("assistant");
    expect(resent.content.map((block: { type: string }) => block.type)).toEqual(["text", "server_tool_use"]);
    expect(resent.content[1]).toMatchObject({
      name: "web_search",
      input: { query: "socket.io redis adapter" },
    });
    const text = events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("");
    expect(text).toBe("Let me check. Use @socket.io/redis-adapter 8.3.");
    expect(events.at(-1)).toMatchObject({
      type: "done",
      stopReason: "end_turn",
      usage: { inputTokens: 250, outputTokens: 30, webSearchRequests: 1 },
      sources: [releases],
    });
  });

  it("stops continuing after its bound and says the turn was paused", async () => {
    const paused: FakeBehaviour = {
      kind: "tools",
      steps: [{ type: "web_search", query: "again", results: [releases], paused: true }],
    };
    fake.respondWith(() => paused);

    const events = await collect(model({ tools, maxContinuations: 1 }));

    expect(fake.messageRequests()).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "done", stopReason: "pause_turn" });
  });

  it("sends no tools when none are configured", async () => {
    await collect(model({}));
    expect(fake.messageRequests()[0]?.body).not.toHaveProperty("tools");
  });

  it("narrows the tools to those a request names (a persona's choice)", async () => {
    const signal = new AbortController().signal;
    for (const chosen of [["web_search" as const], []]) {
      for await (const _event of model().stream({ ...request, tools: chosen }, signal)) {
        // drained
      }
    }
    const [narrowed, none] = fake.messageRequests();
    expect(narrowed?.body.tools).toEqual([{ type: "web_search_20260318", name: "web_search", max_uses: 5 }]);
    expect(none?.body).not.toHaveProperty("tools");
  });

  it("fails retryably when the stream is cut while a tool runs", async () => {
    fake.enqueue({
      kind: "tools",
      steps: [{ type: "web_search", query: "x", results: [releases] }],
      cutMidTool: true,
    });
    await expect(collect(model())).rejects.toMatchObject({ code: "model_stream_broken", permanent: false });
  });
});
