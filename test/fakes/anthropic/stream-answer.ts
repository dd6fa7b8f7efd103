/**
 * Answers a `stream: true` request the way the API does: message_start, content_block_start, ping, paced
 * text_delta events, content_block_stop, message_delta, message_stop. `cut` and `stream-error` stop early.
 * https://platform.claude.com/docs/en/build-with-claude/streaming
 */
import type { FakeBehaviour } from "../fake-anthropic.js";
import { pause, speakingTimeMs } from "./pace.js";
import {
  type AnswerContext,
  defaultErrorMessage,
  firstCharacters,
  splitIntoChunks,
  writeFlushed,
} from "./respond.js";
import {
  deltaUsage,
  emptyMessageJson,
  errorBody,
  messageUsage,
  resolveUsage,
  serverSentEvent,
  stopDetails,
  streamEvent,
} from "./wire.js";

export type AnsweringBehaviour = Extract<FakeBehaviour, { kind: "answer" | "cut" | "stream-error" }>;

export async function streamAnswer(context: AnswerContext, behaviour: AnsweringBehaviour): Promise<void> {
  const { response, signal } = context;
  const spoken =
    behaviour.kind === "answer" ? behaviour.text : firstCharacters(behaviour.text, behaviour.afterCharacters);
  const usage = resolveUsage(context.inputTokens, spoken, behaviour.kind === "answer" ? behaviour.usage : {});
  const send = (event: string) => writeFlushed(response, event, signal);

  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "request-id": context.requestId,
  });
  const startUsage = messageUsage({ ...usage, output_tokens: 1 });
  const message = emptyMessageJson({ id: context.messageId, model: context.model, usage: startUsage });
  await send(streamEvent({ type: "message_start", message }));
  await send(
    streamEvent({
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "", citations: null },
    }),
  );
  await send(serverSentEvent("ping", { type: "ping" }));

  await pause(context.pace().timeToFirstTokenMs, signal);
  context.mark("first-token");
  for (const [index, chunk] of splitIntoChunks(spoken, context.chunkCharacters).entries()) {
    if (index > 0) await pause(speakingTimeMs(chunk.length, context.pace()), signal);
    await send(
      streamEvent({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: chunk } }),
    );
  }

  if (behaviour.kind === "cut") {
    // No terminating chunk: the client sees the connection die mid-body, as when a proxy drops it.
    response.destroy();
    return;
  }
  if (behaviour.kind === "stream-error") {
    const type = behaviour.type ?? "overloaded_error";
    await send(serverSentEvent("error", errorBody(type, defaultErrorMessage(type), context.requestId)));
    response.end();
    return;
  }

  const stopReason = behaviour.stopReason ?? "end_turn";
  await send(streamEvent({ type: "content_block_stop", index: 0 }));
  await send(
    streamEvent({
      type: "message_delta",
      delta: {
        stop_reason: stopReason,
        stop_sequence: null,
        stop_details: stopDetails(stopReason),
        container: null,
      },
      usage: deltaUsage(usage),
    }),
  );
  await send(streamEvent({ type: "message_stop" }));
  response.end();
  context.mark("finished");
}
