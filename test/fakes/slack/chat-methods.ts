import { POST_TEXT_LIMIT, readMessageContent, UPDATE_TEXT_LIMIT } from "./message-content.js";
import {
  type MethodArgs,
  type MethodContext,
  type MethodTable,
  optionalString,
  requiredString,
  SlackMethodError,
} from "./method.js";
import type { SlackMessage, SlackMessageMetadata } from "./types.js";

/**
 * `metadata` as chat.postMessage takes it: an `event_type` string and an `event_payload` object
 * (docs.slack.dev/messaging/message-metadata); anything else is refused as `invalid_metadata_format`.
 */
function readMetadata(args: MethodArgs): SlackMessageMetadata | undefined {
  const metadata = args.metadata;
  if (metadata === undefined) return undefined;
  const { event_type: type, event_payload: payload } = (metadata ?? {}) as Record<string, unknown>;
  if (typeof type !== "string" || type === "" || typeof payload !== "object" || payload === null) {
    throw new SlackMethodError("invalid_metadata_format");
  }
  return { event_type: type, event_payload: payload as Record<string, unknown> };
}

// docs.slack.dev/reference/methods/chat.postMessage
function postMessage(args: MethodArgs, { state }: MethodContext): Record<string, unknown> {
  const channel = requiredString(args, "channel", "channel_not_found");
  const content = readMessageContent(args, POST_TEXT_LIMIT);
  const threadTs = optionalString(args, "thread_ts");
  const metadata = readMetadata(args);
  const message = state.insertFromBot({
    channel,
    ...content,
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    ...(metadata === undefined ? {} : { metadata }),
  });
  return { channel, ts: message.ts, message: state.wire(message) };
}

/** A message the bot may edit or delete; Slack refuses others with `cant_update_message`/`cant_delete_message`. */
function ownMessage(args: MethodArgs, context: MethodContext, refusal: string): SlackMessage {
  const channel = requiredString(args, "channel", "channel_not_found");
  const ts = requiredString(args, "ts", "message_not_found");
  const message = context.state.find(channel, ts);
  if (message === undefined) throw new SlackMethodError("message_not_found");
  if (message.bot_id !== context.identity.botId) throw new SlackMethodError(refusal);
  return message;
}

// docs.slack.dev/reference/methods/chat.update
function update(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const message = ownMessage(args, context, "cant_update_message");
  if (message.streaming === true) throw new SlackMethodError("streaming_state_conflict");
  const content = readMessageContent(args, UPDATE_TEXT_LIMIT);
  if (content.markdown_text !== undefined) {
    delete message.text;
    delete message.blocks;
    message.markdown_text = content.markdown_text;
  } else {
    delete message.markdown_text;
    // Blocks left out of an update are kept, as Slack does; text is always replaced.
    if (content.text === undefined) delete message.text;
    else message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
  }
  const wire = context.state.wire(message);
  return { channel: message.channel, ts: message.ts, text: wire.text, message: wire };
}

// docs.slack.dev/reference/methods/chat.delete
function deleteMessage(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const message = ownMessage(args, context, "cant_delete_message");
  context.state.remove(message.channel, message.ts);
  return { channel: message.channel, ts: message.ts };
}

// docs.slack.dev/reference/methods/chat.postEphemeral: seen by one user, never in history.
function postEphemeral(args: MethodArgs, { state }: MethodContext): Record<string, unknown> {
  requiredString(args, "channel", "channel_not_found");
  requiredString(args, "user", "user_not_in_channel");
  readMessageContent(args, POST_TEXT_LIMIT);
  return { message_ts: state.nextTs() };
}

export const chatMethods: MethodTable = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.delete": deleteMessage,
  "chat.postEphemeral": postEphemeral,
};
