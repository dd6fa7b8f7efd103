import { type Ask, askId, type ConversationRef, type FileRef, type Trigger } from "../../core/ask.js";
import { isWellFormedMessageEvent } from "./event-shape.js";
import { mentionsUser, slackTextToMarkdown, stripMention } from "./slack-text.js";

/** What the mapping needs to know besides the payload: who the bot is and where the event came from. */
export interface SlackEventContext {
  /** The bot's user id (auth.test `user_id`), to strip its mention and to ignore its own messages. */
  botUserId: string;
  /** The workspace the app is installed in; with channel and ts it names a message uniquely. */
  teamId: string;
  receivedAt: number;
}

export type SlackEventDecision =
  | { kind: "ignore"; reason: string }
  /** `followUp`: an unmentioned thread reply, answered only in threads the bot is already part of. */
  | { kind: "ask"; ask: Ask; followUp: boolean };

/**
 * Subtypes that are still a person writing: a thread reply also sent to the channel, and a message with
 * a file. Every other subtype (`message_changed`, `message_deleted`, `channel_join`, `bot_message`, …) is
 * an edit, a deletion or a notice, never a question (docs.slack.dev/reference/events/message).
 */
const questionSubtypes = new Set(["thread_broadcast", "file_share"]);

/**
 * Decides whether an `app_mention` or `message` event is a question and builds its Ask. Slack delivers one
 * channel mention twice — as `app_mention` and as `message`, in either order — so both map to the same Ask
 * (same id, same trigger) and the queue keeps one; the mention is detected on the `message` path too, so
 * whichever arrives first carries it. Malformed payloads are ignored, never thrown on.
 */
export function decideSlackEvent(event: unknown, context: SlackEventContext): SlackEventDecision {
  if (typeof event !== "object" || event === null) return ignore("not an event object");
  const fields = event as Record<string, unknown>;
  const type = text(fields.type);
  if (type !== "app_mention" && type !== "message") return ignore(`not a message (${type ?? "no type"})`);
  if (fields.subtype !== undefined && !questionSubtypes.has(fields.subtype as string))
    return ignore(`subtype ${String(fields.subtype).slice(0, 40)}`);
  if (fields.bot_id !== undefined) return ignore("from a bot");
  if (!isWellFormedMessageEvent(fields)) return ignore("malformed message event");
  const user = fields.user as string;
  const channel = fields.channel as string;
  const ts = fields.ts as string;
  if (user === context.botUserId) return ignore("from rte itself");

  const body = text(fields.text) ?? "";
  const threadTs = text(fields.thread_ts);
  const isDirect = text(fields.channel_type) === "im" || (type === "message" && channel.startsWith("D"));
  const mentioned = type === "app_mention" || mentionsUser(body, context.botUserId);
  const isReply = threadTs !== undefined && threadTs !== ts;
  if (!isDirect && !mentioned && !isReply) return ignore("a channel message without a mention");

  const trigger: Trigger = isDirect ? "direct-message" : mentioned ? "mention" : "follow-up";
  const ask: Ask = {
    id: askId("slack", context.teamId, channel, ts),
    conversation: slackConversation(context.teamId, channel, threadTs ?? ts),
    messageId: ts,
    author: { id: user, ...authorName(fields.user_profile) },
    text: slackTextToMarkdown(stripMention(body, context.botUserId)),
    trigger,
    receivedAt: context.receivedAt,
    ...filesOf(fields.files),
  };
  return { kind: "ask", ask, followUp: trigger === "follow-up" };
}

/** The slash command fields rte reads (bolt-js `SlashCommand`); Slack never sends a thread_ts with one. */
export interface SlashCommandFields {
  team_id: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
  text: string;
}

/**
 * `/rte <question>` becomes an ordinary thread: the bot has posted a root message at `rootTs` and answers
 * under it, so the root names the conversation, the question and the Ask (the command itself has no ts).
 */
export function commandAsk(command: SlashCommandFields, rootTs: string, receivedAt: number): Ask {
  return {
    id: askId("slack", command.team_id, command.channel_id, rootTs),
    conversation: slackConversation(command.team_id, command.channel_id, rootTs),
    messageId: rootTs,
    author: { id: command.user_id, ...(command.user_name ? { name: command.user_name } : {}) },
    text: slackTextToMarkdown(command.text.trim()),
    trigger: "command",
    receivedAt,
  };
}

export function slackConversation(teamId: string, channel: string, threadTs: string): ConversationRef {
  return { platform: "slack", workspace: teamId, channel, thread: threadTs };
}

/** Slack DM channel ids start with "D"; DMs stream natively and need no recipient. */
export function isDirectMessageChannel(channel: string): boolean {
  return channel.startsWith("D");
}

/** `user_profile` rides along on most user messages; a display name reads better in a prompt than an id. */
export function authorName(profile: unknown): { name?: string } {
  if (typeof profile !== "object" || profile === null) return {};
  const fields = profile as Record<string, unknown>;
  const name = text(fields.display_name) || text(fields.real_name) || text(fields.name);
  return name ? { name } : {};
}

/** Slack lists at most 10 files on a message; more is not a message Slack sent. */
const maxFiles = 10;

/**
 * The files on a message (`file_share`), as refs to download later: name, type, size and `url_private`.
 * Entries without those (a file deleted since, or one from a Slack Connect workspace that hides it) are left
 * out. https://docs.slack.dev/reference/objects/file-object
 */
export function filesOf(files: unknown): { files?: FileRef[] } {
  if (!Array.isArray(files)) return {};
  const refs = files.slice(0, maxFiles).flatMap((file): FileRef[] => {
    if (typeof file !== "object" || file === null) return [];
    const { name, mimetype, size, url_private: url } = file as Record<string, unknown>;
    if (typeof name !== "string" || typeof url !== "string" || !/^https?:\/\//.test(url)) return [];
    if (typeof size !== "number" || !Number.isFinite(size) || size < 0) return [];
    return [{ name, size, url, ...(typeof mimetype === "string" ? { contentType: mimetype } : {}) }];
  });
  return refs.length > 0 ? { files: refs } : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function ignore(reason: string): SlackEventDecision {
  return { kind: "ignore", reason };
}
