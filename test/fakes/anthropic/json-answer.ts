/** Answers a request without `stream: true`: one Message JSON after the time streaming it would have taken. */
import { pause, speakingTimeMs } from "./pace.js";
import { type AnswerContext, firstCharacters, sendError, sendJson, writeFlushed } from "./respond.js";
import type { AnsweringBehaviour } from "./stream-answer.js";
import { messageJson, messageUsage, resolveUsage } from "./wire.js";

export async function answerAsJson(context: AnswerContext, behaviour: AnsweringBehaviour): Promise<void> {
  const { response, signal } = context;
  if (behaviour.kind === "stream-error") {
    // Without a stream there is nowhere to put an in-stream error: the API reports it as the HTTP status.
    const type = behaviour.type ?? "overloaded_error";
    sendError(response, context.requestId, {
      kind: "error",
      status: type === "overloaded_error" ? 529 : 500,
      type,
    });
    return;
  }
  await pause(context.pace().timeToFirstTokenMs, signal);
  context.mark("first-token");
  await pause(speakingTimeMs(behaviour.text.length, context.pace()), signal);
  const usage = resolveUsage(
    context.inputTokens,
    behaviour.text,
    behaviour.kind === "answer" ? behaviour.usage : {},
  );
  const message = messageJson({
    id: context.messageId,
    model: context.model,
    text: behaviour.text,
    stopReason: behaviour.kind === "answer" ? (behaviour.stopReason ?? "end_turn") : "end_turn",
    usage: messageUsage(usage),
  });
  if (behaviour.kind === "answer") {
    sendJson(response, 200, context.requestId, message);
    context.mark("finished");
    return;
  }
  // `cut`: afterCharacters counts characters of the JSON body here, which then stops mid-document.
  response.writeHead(200, { "content-type": "application/json", "request-id": context.requestId });
  await writeFlushed(response, firstCharacters(JSON.stringify(message), behaviour.afterCharacters), signal);
  response.destroy();
}
