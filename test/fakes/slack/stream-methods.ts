import { checkMarkdownLength } from "./message-content.js";
import {
  type MethodArgs,
  type MethodContext,
  type MethodTable,
  optionalArray,
  optionalString,
  requiredString,
  SlackMethodError,
} from "./method.js";
import type { SlackMessage } from "./types.js";

/**
 * chat.startStream / appendStream / stopStream (docs.slack.dev/reference/methods/chat.startStream).
 * A stream is a bot message with `streaming: true`; `markdown_text` (argument or `markdown_text` chunks)
 * accumulates, other chunk types are kept in `chunks`. Stopped or expired streams refuse appends with
 * `message_not_in_streaming_state`, as Slack does after its ~5 minute server-side expiry
 * (slackapi/node-slack-sdk#2702).
 */
interface StreamContent {
  markdown: string;
  otherChunks: unknown[];
}

function readStreamContent(args: MethodArgs): StreamContent {
  const markdownText = optionalString(args, "markdown_text");
  checkMarkdownLength(markdownText);
  let markdown = markdownText ?? "";
  const otherChunks: unknown[] = [];
  for (const chunk of optionalArray(args, "chunks") ?? []) {
    const text = markdownChunkText(chunk);
    if (text === undefined) otherChunks.push(chunk);
    else {
      checkMarkdownLength(text);
      markdown += text;
    }
  }
  return { markdown, otherChunks };
}

function markdownChunkText(chunk: unknown): string | undefined {
  if (typeof chunk !== "object" || chunk === null) return undefined;
  const { type, text } = chunk as { type?: unknown; text?: unknown };
  return type === "markdown_text" && typeof text === "string" ? text : undefined;
}

function applyContent(message: SlackMessage, content: StreamContent): void {
  if (content.markdown !== "") message.markdown_text = (message.markdown_text ?? "") + content.markdown;
  if (content.otherChunks.length > 0) message.chunks = [...(message.chunks ?? []), ...content.otherChunks];
}

function isChannel(channel: string): boolean {
  return channel.startsWith("C") || channel.startsWith("G");
}

function startStream(args: MethodArgs, { state }: MethodContext): Record<string, unknown> {
  const channel = requiredString(args, "channel", "channel_not_found");
  if (isChannel(channel)) {
    // "Required when streaming to channels."
    requiredString(args, "recipient_user_id", "missing_recipient_user_id");
    requiredString(args, "recipient_team_id", "missing_recipient_team_id");
  }
  const content = readStreamContent(args);
  const threadTs = optionalString(args, "thread_ts");
  const message = state.insertFromBot({
    channel,
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    streaming: true,
  });
  applyContent(message, content);
  return { channel, ts: message.ts };
}

function openStream(args: MethodArgs, { state, identity }: MethodContext): SlackMessage {
  const channel = requiredString(args, "channel", "channel_not_found");
  const ts = requiredString(args, "ts", "message_not_found");
  const message = state.find(channel, ts);
  if (message === undefined) throw new SlackMethodError("message_not_found");
  if (message.bot_id !== identity.botId) throw new SlackMethodError("message_not_owned_by_app");
  if (message.stoppedByUser === true) throw new SlackMethodError("stopped_by_user");
  if (message.streaming !== true) throw new SlackMethodError("message_not_in_streaming_state");
  return message;
}

function appendStream(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const message = openStream(args, context);
  const content = readStreamContent(args);
  if (content.markdown === "" && content.otherChunks.length === 0) throw new SlackMethodError("no_text");
  applyContent(message, content);
  return { channel: message.channel, ts: message.ts };
}

function stopStream(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const message = openStream(args, context);
  applyContent(message, readStreamContent(args));
  const blocks = optionalArray(args, "blocks");
  if (blocks !== undefined) message.blocks = blocks;
  message.streaming = false;
  return { channel: message.channel, ts: message.ts, message: context.state.wire(message) };
}

export const streamMethods: MethodTable = {
  "chat.startStream": startStream,
  "chat.appendStream": appendStream,
  "chat.stopStream": stopStream,
};
