import Anthropic, {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  OverloadedError,
} from "@anthropic-ai/sdk";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultAnswerText, type FakeAnthropic, startFakeAnthropic } from "./fake-anthropic.js";

const question = {
  model: "claude-sonnet-5-5",
  max_tokens: 1024,
  system: "You are a senior real-time engineer.",
  messages: [{ role: "user" as const, content: "How do I debounce a websocket handler?" }],
};

/** Reads a raw event stream to its end, collecting the text deltas as they arrive. */
async function drainText(stream: AsyncIterable<RawMessageStreamEvent>, text: string[]): Promise<void> {
  for await (const event of stream) {
    if (event.type === "content_block_delta" && event.delta.type === "text_delta")
      text.push(event.delta.text);
  }
}

/** Resolves with what the promise rejected with; fails the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

describe("startFakeAnthropic with the real SDK", () => {
  let fake: FakeAnthropic;
  let client: Anthropic;

  beforeEach(async () => {
    fake = await startFakeAnthropic();
    client = new Anthropic({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 });
  });

  afterEach(async () => {
    await fake.close();
  });

  it("streams a scripted answer that the SDK assembles, with its stop reason and usage", async () => {
    const text = "Use a trailing-edge debounce 🚀 and flush on close so the last frame is never lost.";
    fake.enqueue({
      kind: "answer",
      text,
      stopReason: "max_tokens",
      usage: { output_tokens: 42, cache_read_input_tokens: 7 },
    });

    const stream = client.messages.stream(question);
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(deltas.join("")).toBe(text);
    expect(deltas).toHaveLength(Math.ceil(Array.from(text).length / 16));
    expect(message.content).toEqual([{ type: "text", text, citations: null }]);
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.id).toMatch(/^msg_/);
    expect(message.model).toBe("claude-sonnet-5-5");
    expect(message.usage).toMatchObject({
      output_tokens: 42,
      cache_read_input_tokens: 7,
      cache_creation_input_tokens: 0,
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it("answers a non-streaming request with the default Markdown answer when nothing is scripted", async () => {
    const message = await client.messages.create(question);

    expect(message.content).toEqual([{ type: "text", text: defaultAnswerText, citations: null }]);
    expect(defaultAnswerText).toContain("```ts\n");
    expect(message.stop_reason).toBe("end_turn");
  });

  it("records each request with its parsed body and the headers SDK 1.x sends", async () => {
    await client.models.list();
    await client.messages.stream(question).finalMessage();

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /v1/models",
      "POST /v1/messages",
    ]);
    const [request] = fake.messageRequests();
    expect(request?.body).toEqual({ ...question, stream: true });
    expect(request?.headers).toMatchObject({
      authorization: "Bearer test-key",
      "anthropic-version": "2026-10-21",
      "content-type": "application/json",
      "x-stainless-helper-method": "stream",
    });
    expect(request?.headers).not.toHaveProperty("x-api-key");
    expect(request?.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it("rejects a wrong key with 401, which the SDK maps to AuthenticationError, and records the attempt", async () => {
    const intruder = new Anthropic({ apiKey: "wrong-key", baseURL: fake.url, maxRetries: 0 });

    const error = await rejectionOf(intruder.messages.create(question));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      type: "authentication_error",
      requestID: expect.stringMatching(/^req_/),
    });
    expect(fake.messageRequests()).toHaveLength(1);
  });

  it("also accepts the key as x-api-key", async () => {
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": "test-key",
        "anthropic-version": "2026-10-21",
        "content-type": "application/json",
      },
      body: JSON.stringify(question),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
  });

  it("answers a scripted 529 that the SDK maps to OverloadedError, with retry-after", async () => {
    fake.enqueue({ kind: "error", status: 529, retryAfterSeconds: 3 });

    const error = await rejectionOf(client.messages.create(question));

    expect(error).toBeInstanceOf(OverloadedError);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 529, type: "overloaded_error", apiMessage: "Overloaded" });
    expect((error as APIError).headers?.get("retry-after")).toBe("3");
    expect(fake.messageRequests()).toHaveLength(1);
  });

  it("cuts the connection mid-stream: MessageStream rejects with a plain AnthropicError, not an APIError", async () => {
    fake.enqueue({ kind: "cut", text: "The first part arrives, the rest never does.", afterCharacters: 20 });

    const stream = client.messages.stream(question);
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const error = await rejectionOf(stream.finalMessage());

    expect(deltas.join("")).toBe("The first part arriv");
    expect(error).toBeInstanceOf(AnthropicError);
    expect(error).not.toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: "terminated", cause: expect.any(TypeError) });
  });

  it("cuts the connection under messages.create({ stream: true }): the iterator throws undici's bare TypeError", async () => {
    fake.enqueue({ kind: "cut", text: "Some text before the cut.", afterCharacters: 4 });

    const stream = await client.messages.create({ ...question, stream: true });
    const text: string[] = [];
    const error = await rejectionOf(drainText(stream, text));

    expect(text.join("")).toBe("Some");
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(AnthropicError);
    expect(error).toMatchObject({ message: "terminated" });
  });

  it("sends an in-stream error event that the SDK iterator throws as an APIError without status", async () => {
    fake.enqueue({
      kind: "stream-error",
      text: "Halfway there when the model got busy.",
      afterCharacters: 8,
    });

    const stream = await client.messages.create({ ...question, stream: true });
    const text: string[] = [];
    const error = await rejectionOf(drainText(stream, text));

    expect(text.join("")).toBe("Halfway ");
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(OverloadedError);
    expect(error).toMatchObject({
      status: undefined,
      type: "overloaded_error",
      requestID: expect.stringMatching(/^req_/),
    });
  });

  it("rejects temperature with 400 invalid_request_error without consuming the script", async () => {
    fake.enqueue({ kind: "answer", text: "scripted" });
    const withTemperature: Record<string, unknown> = { ...question, temperature: 0 };

    const error = await rejectionOf(client.messages.create(withTemperature as unknown as typeof question));

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      type: "invalid_request_error",
      apiMessage: expect.stringContaining("temperature"),
    });
    expect(await client.messages.create(question)).toMatchObject({ content: [{ text: "scripted" }] });
  });

  it("consults respondWith before the queue and falls through when it returns undefined", async () => {
    fake.enqueue({ kind: "answer", text: "from the queue" });
    fake.respondWith((request) =>
      JSON.stringify(request.body).includes("refuse")
        ? { kind: "answer", text: "No.", stopReason: "refusal" }
        : undefined,
    );

    const refused = await client.messages.create({
      ...question,
      messages: [{ role: "user", content: "refuse" }],
    });
    const queued = await client.messages.create(question);

    expect(refused).toMatchObject({ stop_reason: "refusal", stop_details: { type: "refusal" } });
    expect(queued.content).toEqual([{ type: "text", text: "from the queue", citations: null }]);
  });

  it("waits timeToFirstTokenMs before the first delta and paces the rest by tokensPerSecond", async () => {
    fake.setPace({ timeToFirstTokenMs: 150, tokensPerSecond: 200 });
    fake.enqueue({ kind: "answer", text: "x".repeat(160) }); // 40 tokens at 200/s: ~200 ms after the first chunk

    const started = Date.now();
    const stream = client.messages.stream(question);
    let firstTextAt = 0;
    stream.once("text", () => {
      firstTextAt = Date.now();
    });
    await stream.finalMessage();
    const finishedAt = Date.now();

    expect(firstTextAt - started).toBeGreaterThanOrEqual(140);
    expect(finishedAt - firstTextAt).toBeGreaterThanOrEqual(150);
  });

  it("records when each answer's first token was produced and when it was fully sent, streamed or not", async () => {
    fake.setPace({ timeToFirstTokenMs: 100, tokensPerSecond: 400 });
    fake.enqueue({ kind: "answer", text: "y".repeat(160) }, { kind: "answer", text: "z".repeat(160) });

    await client.messages.stream(question).finalMessage();
    await client.messages.create(question);

    for (const request of fake.messageRequests()) {
      const { receivedAt, firstTokenAt = 0, finishedAt = 0 } = request;
      expect(firstTokenAt - receivedAt).toBeGreaterThanOrEqual(95);
      expect(finishedAt - firstTokenAt).toBeGreaterThanOrEqual(70); // 40 tokens at 400/s: ~100 ms
    }
  });

  it("hangs until the SDK times out, and close() ends hung requests at once", async () => {
    fake.enqueue({ kind: "hang" }, { kind: "hang" });
    const impatient = new Anthropic({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0, timeout: 100 });

    expect(await rejectionOf(impatient.messages.create(question))).toBeInstanceOf(APIConnectionTimeoutError);

    const hung = rejectionOf(client.messages.create(question));
    await expect.poll(() => fake.messageRequests().length).toBe(2);
    const closing = Date.now();
    await fake.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await hung).toBeInstanceOf(APIConnectionError);
  });

  it("serves the models list and token counts that agree with message usage", async () => {
    const models = await client.models.list();
    const counted = await client.messages.countTokens({
      model: question.model,
      system: question.system,
      messages: question.messages,
    });
    const message = await client.messages.create(question);

    expect(models.data.map((model) => model.id)).toContain("claude-sonnet-5-5");
    expect(await client.models.retrieve("claude-sonnet-5-5")).toMatchObject({
      type: "model",
      max_tokens: 128_000,
    });
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
  });
});
