import { getPriority } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeAnthropic,
  type FakeBehaviour,
  startFakeAnthropic,
} from "../../test/fakes/fake-anthropic.js";
import { eventually } from "../../test/support/redis-processes.js";
import { askedHi, asking, fakeModelOptions, streamOutcome } from "../../test/support/stream-outcome.js";
import { threadsPerNiceness } from "../../test/support/thread-niceness.js";
import { RteError } from "../core/errors.js";
import { createClaudeModel } from "./claude-model.js";
import { createThreadedModel, type ThreadedModel } from "./threaded-model.js";

describe("createThreadedModel: the Claude model in a worker thread, against the fake Messages API", () => {
  let fake: FakeAnthropic;
  let model: ThreadedModel;
  const modelOptions = () => fakeModelOptions(fake);
  beforeEach(async () => {
    fake = await startFakeAnthropic({ chunkCharacters: 5 });
    model = createThreadedModel({ ...modelOptions(), concurrency: 10 });
  });
  afterEach(async () => {
    await model.close();
    await fake.close();
  });

  it("streams the answer's text, then how it ended with its usage, stop reason and model", async () => {
    fake.enqueue({
      kind: "answer",
      text: "Use sticky sessions and the Redis adapter.",
      stopReason: "max_tokens",
      usage: {
        input_tokens: 120,
        output_tokens: 9,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 20,
      },
    });
    const { events, text, error } = await streamOutcome(model);
    expect(error).toBeUndefined();
    expect(text).toBe("Use sticky sessions and the Redis adapter.");
    expect(events.at(-1)).toEqual({
      type: "done",
      stopReason: "max_tokens",
      model: "claude-sonnet-5-5",
      usage: {
        inputTokens: 120,
        outputTokens: 9,
        cacheReadTokens: 100,
        cacheWriteTokens: 20,
        webSearchRequests: 0,
        webFetchRequests: 0,
        codeExecutions: 0,
      },
      sources: [],
    });
  });

  it("keeps each of two answers streaming at once to its own text", async () => {
    // Slow enough that both streams are open together and their events share batches.
    fake.setPace({ tokensPerSecond: 100 });
    fake.respondWith((request) => {
      const asked = JSON.stringify(request.body.messages);
      const text = asked.includes("first")
        ? "The first answer, about Redis."
        : "The second one, about Slack.";
      return { kind: "answer", text };
    });
    const [first, second] = await Promise.all([
      streamOutcome(model, { request: asking("first") }),
      streamOutcome(model, { request: asking("second") }),
    ]);
    expect(first.text).toBe("The first answer, about Redis.");
    expect(second.text).toBe("The second one, about Slack.");
    expect(fake.messageRequests()).toHaveLength(2);
  });

  /** Each error, and what the unthreaded model makes of it (so the comparison cannot pass on two blanks). */
  const httpErrors: [string, FakeBehaviour, Partial<RteError>][] = [
    [
      "529 overloaded",
      { kind: "error", status: 529, type: "overloaded_error" },
      { code: "model_http_529", permanent: false },
    ],
    [
      "429 with Retry-After",
      { kind: "error", status: 429, type: "rate_limit_error", retryAfterSeconds: 7 },
      { code: "model_http_429", permanent: false, retryAfterMs: 7_000 },
    ],
    [
      "400 invalid request",
      { kind: "error", status: 400, type: "invalid_request_error" },
      { code: "model_http_400", permanent: true },
    ],
    [
      "overload mid-stream",
      { kind: "stream-error", text: "Use sticky sessions.", afterCharacters: 5 },
      { code: "model_overloaded_error", permanent: false },
    ],
  ];
  /** What the worker reads of an error; the message names its request, which differs between the two. */
  const asSeen = ({ code, message, permanent, retryAfterMs }: RteError) => ({
    code,
    message: message.replace(/req_fake\d+/, "req_fake…"),
    permanent,
    retryAfterMs,
  });
  it.each(httpErrors)(
    "fails with the same RteError as the unthreaded model on %s",
    async (_name, behaviour, expected) => {
      fake.enqueue(behaviour, behaviour);
      const unthreaded = await streamOutcome(createClaudeModel(modelOptions()));
      const threaded = await streamOutcome(model);

      expect(unthreaded.error).toBeInstanceOf(RteError);
      expect(unthreaded.error).toMatchObject(expected);
      expect(threaded.error).toBeInstanceOf(RteError);
      expect(asSeen(threaded.error as RteError)).toEqual(asSeen(unthreaded.error as RteError));
      expect(threaded.text).toBe(unthreaded.text);
    },
  );

  it("ends with model_aborted when the signal aborts mid-stream, and the thread leaves the request", async () => {
    fake.setPace({ tokensPerSecond: 2 });
    fake.enqueue({ kind: "answer", text: "Use sticky sessions and the Redis adapter, then scale out." });
    const controller = new AbortController();
    const { text, error } = await streamOutcome(model, {
      signal: controller.signal,
      onEvent: () => controller.abort(),
    });
    expect(error).toMatchObject({ code: "model_aborted", permanent: true });
    expect(text).not.toBe("Use sticky sessions and the Redis adapter, then scale out.");
    await eventually(() => fake.messageRequests()[0]?.abandoned === true, "the fake to see the thread leave");
  });

  it("leaves the request in the thread when its reader stops early, and the next answer streams whole", async () => {
    fake.setPace({ tokensPerSecond: 2 });
    fake.enqueue({ kind: "answer", text: "Use sticky sessions and the Redis adapter, then scale out." });
    for await (const event of model.stream(askedHi, new AbortController().signal)) {
      expect(event.type).toBe("text");
      break;
    }
    await eventually(() => fake.messageRequests()[0]?.abandoned === true, "the fake to see the thread leave");
    fake.setPace({ tokensPerSecond: 1000 });
    fake.enqueue({ kind: "answer", text: "Acknowledge each bid with its sequence number." });
    const { text, error } = await streamOutcome(model);
    expect(error).toBeUndefined();
    expect(text).toBe("Acknowledge each bid with its sequence number.");
  });

  it.runIf(process.platform === "linux")(
    "runs the thread at the niceness it was given, and leaves the main thread's",
    async () => {
      const threadsAt = (niceness: number) => threadsPerNiceness("self").get(niceness) ?? 0;
      const mainBefore = getPriority(0);
      const before = threadsAt(13);
      const lowered = createThreadedModel({ ...modelOptions(), concurrency: 10, niceness: 13 });
      try {
        await lowered.ready;
        expect(threadsAt(13)).toBe(before + 1);
        expect(getPriority(0)).toBe(mainBefore);
      } finally {
        await lowered.close();
      }
    },
  );

  it("fails at once when the signal was aborted before the answer started, without asking Claude", async () => {
    const controller = new AbortController();
    controller.abort();
    const { error } = await streamOutcome(model, { signal: controller.signal });
    expect(error).toMatchObject({ code: "model_aborted" });
    expect(fake.messageRequests()).toEqual([]);
  });
});
