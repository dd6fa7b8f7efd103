/** Which platform a conversation lives on. The core branches on none of these. */
export type PlatformName = "slack" | "discord" | "terminal";

/** How the question reached us: mentions, slash commands, thread follow-ups, direct messages, the terminal. */
export type Trigger = "mention" | "command" | "follow-up" | "direct-message" | "terminal";

/**
 * Where a conversation lives, as plain JSON. `thread` is the platform's thread identity: a Slack thread_ts,
 * a Discord thread (or DM) channel id, a terminal session id. Everything else about the platform stays in
 * its adapter.
 */
export interface ConversationRef {
  platform: PlatformName;
  workspace: string;
  channel: string;
  thread: string;
}

/**
 * One question, as it crosses the queue: small, plain and secret-free (no tokens, no response_urls, no
 * interaction tokens).
 */
export interface Ask {
  /** Unique per platform message; becomes the job id, so it never contains ":". */
  id: string;
  conversation: ConversationRef;
  /** The platform's id of the message that asked (Slack ts, Discord message id). */
  messageId: string;
  author: { id: string; name?: string };
  text: string;
  trigger: Trigger;
  /** Epoch milliseconds when ingress received it. */
  receivedAt: number;
  /** Files attached to the asking message, for the adapter to download when it reads the conversation. */
  files?: FileRef[];
}

/**
 * A file as the platform lists it on a message. `url` needs the adapter's own credentials (Slack's
 * `url_private` takes the bot token), so it is not a secret and may cross the queue; the bytes do not.
 */
export interface FileRef {
  name: string;
  contentType?: string;
  size: number;
  url: string;
}

/** A file the asker attached, described so the model layer can decide what to do with it. */
export interface Attachment {
  name: string;
  mimeType: string;
  /** Text content, for text files that were fetched. */
  text?: string;
  /** Base64 data, for images that were fetched. */
  base64?: string;
  /** Why the file was not used, when it was skipped. */
  skippedBecause?: string;
}

/** One message of a conversation as the model sees it. */
export interface Turn {
  role: "user" | "assistant";
  text: string;
  /** Display name or id of a human author; lets the model tell people in a thread apart. */
  author?: string;
  messageId?: string;
  attachments?: Attachment[];
}

/** Builds a conversation key that is safe in Redis keys and BullMQ job ids (no ":"). */
export function conversationKey(conversation: ConversationRef): string {
  return [conversation.platform, conversation.workspace, conversation.channel, conversation.thread]
    .map((part) => part.replaceAll(":", "_"))
    .join("-");
}

/** Builds a job id from parts; BullMQ forbids ":" in custom ids and all-digit ids. */
export function askId(platform: PlatformName, ...parts: string[]): string {
  return [platform, ...parts].map((part) => part.replaceAll(":", "_")).join("-");
}
