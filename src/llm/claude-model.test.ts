import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../../test/fakes/fake-anthropic.js";
import { eventually } from "../../test/support/redis-processes.js";
import { fakeModelOptions } from "../../test/support/stream-outcome.js";
import { RteError } from "../core/errors.js";
import type { Model, ModelEvent } from "../core/model.js";
import { createClaudeModel } from "./claude-model.js";

const request = {
  system: "You are a senior real-time engineer.",
  turns: [{ role: "user" as const, text: "hi" }],
};

async function collect(model: Model): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of model.stream(request, new AbortController().signal)) events.push(event);
  return events;
}

/** The text a stream yielded, and the error it ended with. */
async function textsUntilError(model: Model): Promise<{ texts: string[]; error: unknown }> {
  const texts: string[] = [];
  try {
    for await (const event of model.stream(request, new AbortController().signal)) {
      if (event.type === "text") texts.push(event.text);
    }
    return { texts, error: undefined };
  } catch (error) {
    return { texts, error };
  }
}

describe("createClaudeModel against the fake Messages API", () => {
  let fake: FakeAnthropic;
  let model: Model;
  beforeEach(async () => {
    fake = await startFakeAnthropic({ chunkCharacters: 5 });
    model = createClaudeModel(fakeModelOptions(fake));
  });
  afterEach(async () => {
    await fake.close();
  });

  it("yields the text as it streams, then how it ended with the message's final usage", async () => {
    fake.enqueue({
      kind: "answer",
      text: "Use sticky sessions.",
      stopReason: "max_tokens",
      usage: {
        input_tokens: 120,
        output_tokens: 7,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 20,
      },
    });

    const events = await collect(model);

    const texts = events.flatMap((event) => (event.type === "text" ? [event.text] : []));
    expect(texts.join("")).toBe("Use sticky sessions.");
    expect(events.at(-1)).toEqual({
      type: "done",
      stopReason: "max_tokens",
      model: "claude-sonnet-5-5",
      usage: {
        inputTokens: 120,
        outputTokens: 7,
        cacheReadTokens: 100,
        cacheWriteTokens: 20,
        webSearchRequests: 0,
        webFetchRequests: 0,
        codeExecutions: 0,
      },
      sources: [],
    });
  });

  it("yields text as it arrives, before the response has ended", async () => {
    // The connection dies after two deltas: whatever the answer shows by then was yielded mid-stream.
    // (Deltas that arrive in one network read come out as one text event, so the count is not checked.)
    fake.enqueue({ kind: "cut", text: "Use sticky sessions and the Redis adapter.", afterCharacters: 10 });
    const { texts, error } = await textsUntilError(model);
    expect(texts.join("")).toBe("Use sticky");
    expect(error).toMatchObject({ code: "model_stream_broken" });
  });

  it("yields the text that came before an error event, then throws it", async () => {
    fake.enqueue({ kind: "stream-error", text: "Use sticky sessions.", afterCharacters: 5 });
    const { texts, error } = await textsUntilError(model);
    expect(texts.join("")).toBe("Use s");
    expect(error).toMatchObject({ code: "model_overloaded_error", permanent: false });
  });

  it("throws a retryable error when the stream breaks off or reports an overload mid-answer", async () => {
    fake.enqueue(
      { kind: "cut", text: "Use sticky sessions and the Redis adapter.", afterCharacters: 10 },
      { kind: "stream-error", text: "Use sticky sessions.", afterCharacters: 5 },
    );

    for (const expected of ["model_stream_broken", "model_overloaded_error"]) {
      const error = await collect(model).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RteError);
      expect(error).toMatchObject({ code: expected, permanent: false });
    }
  });

  it("maps an HTTP error with its status, type and Retry-After, as the SDK reads them", async () => {
    fake.enqueue({ kind: "error", status: 429, type: "rate_limit_error", retryAfterSeconds: 7 });
    const { texts, error } = await textsUntilError(model);
    expect(texts).toEqual([]);
    expect(error).toMatchObject({ code: "model_http_429", permanent: false, retryAfterMs: 7_000 });
  });

  it("stops reading and leaves the connection when the answer is cancelled mid-stream", async () => {
    fake.setPace({ tokensPerSecond: 2 });
    fake.enqueue({ kind: "answer", text: "Use sticky sessions and the Redis adapter, then scale out." });
    const controller = new AbortController();
    const texts: string[] = [];
    const error = await (async () => {
      for await (const event of model.stream(request, controller.signal)) {
        if (event.type === "text") texts.push(event.text);
        controller.abort();
      }
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RteError);
    expect(texts.join("")).not.toBe("Use sticky sessions and the Redis adapter, then scale out.");
    await eventually(() => fake.messageRequests()[0]?.abandoned === true, "the fake to see the client leave");
  });
});
