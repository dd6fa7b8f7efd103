import type { Ask, Turn } from "./ask.js";
import { RteError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { Model, StopReason, Usage } from "./model.js";
import type { Platform, Reply, ReplyEnding } from "./platform.js";
import { buildPrompt, type PromptBudget } from "./prompt.js";
import { describeActivity, readPersonaTools, sourcesMarkdown } from "./server-tools.js";
import { TextBuilder } from "./text-builder.js";

export interface AnswerDependencies {
  platform: Platform;
  model: Model;
  reply: Reply;
  persona: string;
  budget: PromptBudget;
  logger: Logger;
  signal: AbortSignal;
  /** Called once, when the first text reaches the reply (for time-to-first-text metrics). */
  onFirstText?: () => void;
}

export interface AnswerResult {
  text: string;
  stopReason: StopReason;
  usage: Usage;
  model: string;
  omittedTurns: number;
  conversation: Turn[];
}

/**
 * Answers one question: read the conversation, build the prompt, stream the model's text into the reply
 * (saying what a server tool is doing while no text comes), list the pages it cited, and end it honestly. Failures are thrown unchanged: whether to retry is the worker's decision.
 */
export async function answer(ask: Ask, dependencies: AnswerDependencies): Promise<AnswerResult> {
  const { platform, model, reply, logger, signal } = dependencies;
  const conversation = await platform.readConversation(ask, signal);
  const prompt = buildPrompt(conversation, dependencies.budget);
  if (prompt.turns.length === 0) {
    throw new RteError("empty_conversation", "The conversation has no question to answer.", {
      permanent: true,
    });
  }
  logger.debug({ turns: prompt.turns.length, omittedTurns: prompt.omittedTurns }, "prompt built");

  // The answer's own copy of its text (the reply keeps another for showing it); text-builder.ts says why
  // not `+=`.
  const text = new TextBuilder();
  const persona = readPersonaTools(dependencies.persona);
  const request = { ...persona, turns: prompt.turns };
  for await (const event of model.stream(request, signal)) {
    if (event.type === "text") {
      if (text.length === 0) dependencies.onFirstText?.();
      text.append(event.text);
      const appending = reply.append(event.text);
      if (appending !== undefined) await appending;
      continue;
    }
    if (event.type === "activity") {
      await reply.progress(describeActivity(event.activity));
      continue;
    }
    // The cited pages close the answer as Markdown like the rest, so every platform renders them its way.
    const sources = sourcesMarkdown(event.sources);
    if (sources !== "") {
      const line = `${text.length === 0 || text.toString().endsWith("\n") ? "\n" : "\n\n"}${sources}`;
      text.append(line);
      await reply.append(line);
    }
    await reply.finish({ kind: endingFor(event.stopReason), omittedTurns: prompt.omittedTurns });
    return {
      text: text.toString(),
      stopReason: event.stopReason,
      usage: event.usage,
      model: event.model,
      omittedTurns: prompt.omittedTurns,
      conversation,
    };
  }
  throw new RteError("model_stream_ended", "The model's stream ended without a final message.");
}

function endingFor(stopReason: StopReason): ReplyEnding["kind"] {
  switch (stopReason) {
    case "max_tokens":
      return "cut-at-length";
    case "refusal":
      return "refused";
    case "model_context_window_exceeded":
      return "context-too-long";
    case "pause_turn":
      return "paused";
    default:
      return "complete";
  }
}
