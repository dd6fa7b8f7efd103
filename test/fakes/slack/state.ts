import type { SlackIdentity, SlackMessage } from "./types.js";

/** Slack's `ts` ("1700000000.000123") as integer microseconds, so it sorts and compares as a number. */
export function tsToMicros(ts: string): number {
  const [seconds = "0", fraction = ""] = ts.split(".");
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, "0").slice(0, 6));
}

export function microsToTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

export interface StoredFile {
  id: string;
  name: string;
  length: number;
  snippetType: string | undefined;
  created: number;
  content: Buffer | undefined;
  /** For a file a person shared (`shareFile`): its type, served from `url_private`. */
  mimetype?: string;
}

/** The fake workspace: messages per channel (sorted by ts) and uploaded files. */
export class SlackState {
  readonly files = new Map<string, StoredFile>();
  /** Channel topics conversations.info reports (empty when unset). */
  readonly topics = new Map<string, string>();
  private readonly channels = new Map<string, SlackMessage[]>();
  private lastMicros = 0;
  private fileCount = 0;

  constructor(readonly identity: SlackIdentity) {}

  /** A fresh, strictly increasing ts near the wall clock, like Slack's. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return microsToTs(micros);
  }

  nextFileId(): string {
    this.fileCount += 1;
    return `F0FAKE${String(this.fileCount).padStart(5, "0")}`;
  }

  insert(message: SlackMessage): SlackMessage {
    this.lastMicros = Math.max(this.lastMicros, tsToMicros(message.ts));
    const list = this.channels.get(message.channel) ?? [];
    list.push(message);
    list.sort((left, right) => tsToMicros(left.ts) - tsToMicros(right.ts));
    this.channels.set(message.channel, list);
    const root = message.thread_ts === undefined ? undefined : this.find(message.channel, message.thread_ts);
    // Slack marks a message as a thread root (thread_ts = its own ts) once it has a reply.
    if (root !== undefined && root !== message) root.thread_ts = root.ts;
    return message;
  }

  /** Posts as the bot: Slack stamps `user` and `bot_id` on messages sent with a bot token. */
  insertFromBot(fields: Omit<SlackMessage, "ts" | "user" | "bot_id">): SlackMessage {
    const threadTs =
      fields.thread_ts === undefined ? undefined : this.rootTs(fields.channel, fields.thread_ts);
    return this.insert({
      ...fields,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      ts: this.nextTs(),
      user: this.identity.botUserId,
      bot_id: this.identity.botId,
    });
  }

  find(channel: string, ts: string): SlackMessage | undefined {
    return this.channels.get(channel)?.find((message) => message.ts === ts);
  }

  findAnywhere(ts: string): SlackMessage | undefined {
    for (const list of this.channels.values()) {
      const found = list.find((message) => message.ts === ts);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  remove(channel: string, ts: string): boolean {
    const list = this.channels.get(channel) ?? [];
    const index = list.findIndex((message) => message.ts === ts);
    if (index >= 0) list.splice(index, 1);
    return index >= 0;
  }

  /** A reply's ts names its parent's thread (Slack: "use its parent instead"). */
  rootTs(channel: string, ts: string): string {
    const message = this.find(channel, ts);
    return message?.thread_ts ?? ts;
  }

  /** Root first, then replies oldest first; empty if neither exists. */
  thread(channel: string, ts: string): SlackMessage[] {
    const rootTs = this.rootTs(channel, ts);
    const list = this.channels.get(channel) ?? [];
    const root = list.filter((message) => message.ts === rootTs);
    const replies = list.filter((message) => message.thread_ts === rootTs && message.ts !== rootTs);
    return [...root, ...replies];
  }

  topLevel(channel: string): SlackMessage[] {
    const list = this.channels.get(channel) ?? [];
    return list.filter((message) => message.thread_ts === undefined || message.thread_ts === message.ts);
  }

  /** A message as Slack's API returns it, with the thread fields Slack derives. */
  /** `withMetadata`: the history methods' `include_all_metadata`, which adds each message's app metadata. */
  wire(message: SlackMessage, withMetadata = false): Record<string, unknown> {
    const wire: Record<string, unknown> = {
      type: "message",
      ...(message.subtype === undefined ? {} : { subtype: message.subtype }),
      ts: message.ts,
      ...(message.user === undefined ? {} : { user: message.user }),
      ...(message.bot_id === undefined ? {} : { bot_id: message.bot_id }),
      // Slack always has `text`; what it derives from `markdown_text` is unverified, so: the markdown.
      text: message.text ?? message.markdown_text ?? "",
      team: this.identity.teamId,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(message.files === undefined ? {} : { files: message.files }),
      ...(withMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
      ...(message.reactions === undefined || message.reactions.length === 0
        ? {}
        : { reactions: message.reactions }),
      ...(message.thread_ts === undefined ? {} : { thread_ts: message.thread_ts }),
    };
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
      const root = this.find(message.channel, message.thread_ts);
      if (root?.user !== undefined) wire.parent_user_id = root.user;
      return wire;
    }
    const replies = this.thread(message.channel, message.ts).slice(1);
    const last = replies.at(-1);
    if (last !== undefined) {
      const users = [...new Set(replies.flatMap((reply) => (reply.user === undefined ? [] : [reply.user])))];
      Object.assign(wire, {
        reply_count: replies.length,
        reply_users_count: users.length,
        latest_reply: last.ts,
        reply_users: users,
      });
    }
    return wire;
  }
}
