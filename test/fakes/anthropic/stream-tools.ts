/**
 * Streams a server tool answer the way the API does: each block opens with content_block_start; a
 * server_tool_use opens with empty input and sends it as `input_json_delta` fragments; a text block sends
 * its citations as `citations_delta` before its text; result blocks arrive whole in their start event.
 * message_delta then carries the stop reason (end_turn, or pause_turn when a search was left running) and
 * `usage.server_tool_use`. https://platform.claude.com/docs/en/build-with-claude/streaming
 */
import type { ContentBlock } from "@anthropic-ai/sdk/resources/messages";
import type { FakeBehaviour } from "../fake-anthropic.js";
import { pause, speakingTimeMs } from "./pace.js";
import { type AnswerContext, splitIntoChunks, writeFlushed } from "./respond.js";
import type { BuiltResponse } from "./tool-steps.js";
import { deltaUsage, emptyMessageJson, messageUsage, resolveUsage, streamEvent } from "./wire.js";

export type ToolsBehaviour = Extract<FakeBehaviour, { kind: "tools" }>;

export async function streamToolAnswer(
  context: AnswerContext,
  behaviour: ToolsBehaviour,
  built: BuiltResponse,
  stopReason: "end_turn" | "pause_turn" | "max_tokens",
): Promise<void> {
  const { response, signal } = context;
  const send = (event: Parameters<typeof streamEvent>[0]) =>
    writeFlushed(response, streamEvent(event), signal);
  const spoken = built.blocks.map((block) => (block.type === "text" ? block.text : "")).join("");
  const usage = resolveUsage(context.inputTokens, spoken, behaviour.usage);
  const serverToolUse = {
    web_search_requests: built.webSearchRequests,
    web_fetch_requests: built.webFetchRequests,
  };

  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "request-id": context.requestId,
  });
  const startUsage = messageUsage({ ...usage, output_tokens: 1 });
  await send({
    type: "message_start",
    message: emptyMessageJson({ id: context.messageId, model: context.model, usage: startUsage }),
  });
  await pause(context.pace().timeToFirstTokenMs, signal);
  context.mark("first-token");

  for (const [index, block] of built.blocks.entries()) {
    if (block.type === "text") {
      await send({
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "", citations: null },
      });
      for (const citation of block.citations ?? []) {
        await send({ type: "content_block_delta", index, delta: { type: "citations_delta", citation } });
      }
      for (const chunk of splitIntoChunks(block.text, context.chunkCharacters)) {
        await pause(speakingTimeMs(chunk.length, context.pace()), signal);
        await send({ type: "content_block_delta", index, delta: { type: "text_delta", text: chunk } });
      }
    } else if (block.type === "server_tool_use") {
      await send({ type: "content_block_start", index, content_block: { ...block, input: {} } });
      for (const fragment of splitIntoChunks(JSON.stringify(block.input), 12)) {
        await send({
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: fragment },
        });
      }
      if (behaviour.cutMidTool) {
        // The connection dies while the tool runs: no content_block_stop, no message_stop.
        response.destroy();
        return;
      }
    } else {
      await send({ type: "content_block_start", index, content_block: block as ContentBlock });
    }
    await send({ type: "content_block_stop", index });
  }

  await send({
    type: "message_delta",
    delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null, container: null },
    usage: { ...deltaUsage(usage), server_tool_use: serverToolUse },
  });
  await send({ type: "message_stop" });
  response.end();
  context.mark("finished");
}
