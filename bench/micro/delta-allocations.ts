/**
 * `node --max-semi-space-size=512 --min-semi-space-size=512 dist-bench/bench/micro/delta-allocations.js`:
 * heap bytes allocated per text delta on rte's streaming path: the Anthropic SDK's request, its served SSE
 * response read by rte's transport (undici's dispatcher) and decoded by rte's Claude model, `answer`'s loop
 * and the message reply's append. The response is served from memory (no network, no HTTP parsing), and a
 * young generation large enough that no collection runs while it is read makes the growth of the heap the
 * bytes allocated. Deltas are Claude-sized (16 characters).
 */
import { Dispatcher } from "undici";
import { answer } from "../../src/core/answer.js";
import type { Ask } from "../../src/core/ask.js";
import { createMessageReply } from "../../src/core/message-reply.js";
import type { Platform, Reply } from "../../src/core/platform.js";
import { createClaudeModel } from "../../src/llm/claude-model.js";

const deltas = Number(process.argv[2] ?? 20_000);
/** Answers streaming at once, and milliseconds between two deltas of one answer (0: as fast as read). */
const answers = Number(process.argv[3] ?? 1);
const intervalMs = Number(process.argv[4] ?? 0);
const deltasPerAnswer = Math.round(deltas / answers);
const encoder = new TextEncoder();
const event = (type: string, data: object) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const start = [
  event("message_start", {
    message: {
      id: "msg_micro",
      type: "message",
      role: "assistant",
      model: "claude-micro",
      content: [],
      stop_reason: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  }),
  event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
].join("");
const delta = (index: number) =>
  encoder.encode(
    event("content_block_delta", {
      index: 0,
      delta: { type: "text_delta", text: `word ${String(index % 1000).padStart(3, "0")} and more ` },
    }),
  );
const end = [
  event("content_block_stop", { index: 0 }),
  event("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: deltasPerAnswer } }),
  event("message_stop", {}),
].join("");
const chunks = [
  encoder.encode(start),
  ...Array.from({ length: deltasPerAnswer }, (_, index) => delta(index)),
  encoder.encode(end),
];

/**
 * Serves the response from memory through undici's dispatcher interface, the layer rte's transport uses,
 * one delta per "network read": the next chunk is handed over only after the consumer had its turn
 * (`setImmediate`), as a socket read does on a worker that keeps up, or `intervalMs` later (Claude's pace is
 * about 50 ms a delta), which lets rte's reader batch what arrives within its interval.
 */
class MemoryDispatcher extends Dispatcher {
  override dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    let next = 0;
    const headers = [Buffer.from("content-type"), Buffer.from("text/event-stream")];
    handler.onConnect?.(() => {});
    const send = () => {
      const chunk = chunks[next++];
      if (chunk === undefined) handler.onComplete?.([]);
      else {
        handler.onData?.(Buffer.from(chunk));
        if (intervalMs > 0) setTimeout(send, intervalMs);
        else setImmediate(send);
      }
    };
    handler.onHeaders?.(200, headers, () => {}, "OK");
    setImmediate(send);
    return true;
  }
}

const model = createClaudeModel({
  apiKey: "micro",
  model: "claude-micro",
  maxTokens: 1_000,
  dispatcher: new MemoryDispatcher(),
});
const noop = async () => {};
const platform = {
  readConversation: async () => [{ role: "user", text: "question" }],
} as unknown as Platform;
const ask = {} as Ask;
const logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => logger } as never;

const answerOne = async () => {
  const reply: Reply = await createMessageReply({
    messenger: { post: async () => "m1", edit: noop, remove: noop },
    ledger: { read: async () => undefined, write: noop },
    render: (markdown) => ({ messages: [markdown.slice(-100)], files: [] }),
    minIntervalMs: 1_000,
  });
  return answer(ask, {
    platform,
    model,
    reply,
    persona: "You are rte.",
    budget: { maxContextTokens: 100_000 },
    logger,
    signal: new AbortController().signal,
  });
};
const run = () => Promise.all(Array.from({ length: answers }, answerOne));

await run(); // warm-up: code compiled, lazy state made
const before = process.memoryUsage().heapUsed;
const results = await run();
const allocated = process.memoryUsage().heapUsed - before;
const characters = results.reduce((sum, result) => sum + result.text.length, 0);
const pace = intervalMs > 0 ? `one delta every ${intervalMs} ms` : "deltas as fast as read";
console.log(
  `${answers.toLocaleString("en-US")} answer(s) × ${deltasPerAnswer.toLocaleString("en-US")} deltas (${pace}), ${characters.toLocaleString("en-US")} characters: ${Math.round(allocated / (deltasPerAnswer * answers)).toLocaleString("en-US")} bytes per delta`,
);
