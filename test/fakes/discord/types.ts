/** The fake's public shapes; `fake-discord.ts` re-exports them. */

/** One HTTP request the fake received, recorded before it was answered (failed ones too). */
export interface DiscordCall {
  method: string;
  /** Without `/api/v10` and without the query string, e.g. `/channels/123/messages`. */
  path: string;
  /** Parsed JSON body; for multipart requests the parsed `payload_json` part. `undefined` when there is none. */
  // biome-ignore lint/suspicious/noExplicitAny: any JSON a client sent; tests read fields without narrowing.
  body: any;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Epoch milliseconds. */
  at: number;
  /** The query string, parsed (`with_response`, `wait`, `limit`, ...). */
  query: Record<string, string>;
  /** Uploaded files of a multipart request (`files[n]` parts), in order. */
  files: RecordedFile[];
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * A message as the fake stores it: the API v10 message object, plus `guild_id` (gateway extra field) and the
 * `allowed_mentions` the sender asked for. Neither of those two is sent back on REST reads, like Discord.
 */
export interface FakeDiscordMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: { id: string; username: string; bot?: boolean };
  content: string;
  embeds?: unknown[];
  attachments?: unknown[];
  components?: unknown[];
  allowed_mentions?: unknown;
  webhook_id?: string;
  type?: number;
  message_reference?: unknown;
  timestamp: string;
  edited_timestamp?: string | null;
  mentions?: Array<{ id: string; username: string }>;
  flags?: number;
}

export interface FakeDiscordThread {
  id: string;
  parent_id: string;
  name: string;
  type: number;
}

export interface UserSaysOptions {
  content: string;
  /** Default: the guild's text channel, or the DM channel when `guild` is false. */
  channelId?: string;
  /** Default: `humanUserId`. */
  authorId?: string;
  bot?: boolean;
  /** Makes it a webhook message: `webhook_id` set, author id = the webhook id unless `authorId` is given. */
  webhookId?: string;
  /** Message type; default 0 (DEFAULT). */
  type?: number;
  /** Adds the bot to `mentions`. Mentions written as `<@id>` in `content` are found anyway, like Discord. */
  mentionsBot?: boolean;
  /** false: a DM with the bot (no `guild_id`, no `member`). Default true. */
  guild?: boolean;
  /** Files attached to the message, served by the fake at the attachments' `url`. */
  attachments?: SeededFile[];
}

export interface SeededFile {
  filename: string;
  data: Buffer | string;
  /** What Discord reports as `content_type`; default none, as for a file whose type Discord cannot tell. */
  contentType?: string;
}

export interface SlashCommandOptions {
  name: string;
  options: Array<{ name: string; type: number; value: string }>;
  channelId?: string;
  userId?: string;
  /** Used through a user install in a server without the bot (see `MessageCommandOptions`). */
  userInstallOnly?: boolean;
}

/** A message command (type 3) used on `targetMessageId` in `channelId` (default: the guild's text channel). */
export interface MessageCommandOptions {
  name: string;
  targetMessageId: string;
  channelId?: string;
  userId?: string;
  /**
   * Used through a user install in a server the bot was never added to: `authorizing_integration_owners`
   * then names only the user (USER_INSTALL, 1), as Discord sends it.
   */
  userInstallOnly?: boolean;
}

export type FailNextFailure =
  | { status: 429; retryAfterSeconds: number; global?: boolean }
  | { status: number; code?: number; message?: string };

export interface FakeDiscordOptions {
  /** Whether the app has the privileged Message Content intent enabled in the portal. Default true. */
  messageContentIntentAllowed?: boolean;
  /** Sent in HELLO. Default 41250 ms, Discord's usual value. */
  heartbeatIntervalMs?: number;
}
