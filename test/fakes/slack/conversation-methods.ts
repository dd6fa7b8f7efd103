import {
  type MethodArgs,
  type MethodContext,
  type MethodTable,
  optionalBoolean,
  optionalString,
  requiredString,
  SlackMethodError,
} from "./method.js";
import { tsToMicros } from "./state.js";
import type { SlackMessage } from "./types.js";

/** Slack's cursors are opaque base64; this one is "next_ts:<ts of the first message of the next page>". */
function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts}`).toString("base64");
}

function decodeCursor(args: MethodArgs): number | undefined {
  const cursor = optionalString(args, "cursor");
  if (cursor === undefined) return undefined;
  const match = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(cursor, "base64").toString());
  if (match?.[1] === undefined) throw new SlackMethodError("invalid_cursor");
  return tsToMicros(match[1]);
}

function readLimit(args: MethodArgs, fallback: number): number {
  const limit = Number(args.limit);
  return Number.isFinite(limit) && limit >= 1 ? Math.min(Math.floor(limit), 1000) : fallback;
}

/** `oldest` / `latest` / `inclusive`, as both history methods read them. */
function inRange(args: MethodArgs): (message: SlackMessage) => boolean {
  const oldest = tsToMicros(optionalString(args, "oldest") ?? "0");
  const latestArg = optionalString(args, "latest");
  const latest = latestArg === undefined ? Number.POSITIVE_INFINITY : tsToMicros(latestArg);
  const inclusive = optionalBoolean(args, "inclusive") === true;
  return (message) => {
    const micros = tsToMicros(message.ts);
    return inclusive ? micros >= oldest && micros <= latest : micros > oldest && micros < latest;
  };
}

interface Page {
  messages: SlackMessage[];
  nextTs: string | undefined;
}

/** `ordered` is in response order; `direction` is 1 when ts ascends, -1 when it descends. */
function page(ordered: SlackMessage[], limit: number, cursor: number | undefined, direction: 1 | -1): Page {
  const start =
    cursor === undefined
      ? 0
      : ordered.findIndex((message) => direction * (tsToMicros(message.ts) - cursor) >= 0);
  const rest = start < 0 ? [] : ordered.slice(start);
  return { messages: rest.slice(0, limit), nextTs: rest[limit]?.ts };
}

function pagedResponse(result: Page, args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const withMetadata = optionalBoolean(args, "include_all_metadata") === true;
  return {
    messages: result.messages.map((message) => context.state.wire(message, withMetadata)),
    has_more: result.nextTs !== undefined,
    ...(result.nextTs === undefined
      ? {}
      : { response_metadata: { next_cursor: encodeCursor(result.nextTs) } }),
  };
}

// docs.slack.dev/reference/methods/conversations.replies: root first, then replies oldest first. The root
// comes on the first page only; continuation pages hold replies alone.
function replies(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const channel = requiredString(args, "channel", "channel_not_found");
  const ts = requiredString(args, "ts", "thread_not_found");
  const thread = context.state.thread(channel, ts);
  if (thread.length === 0) throw new SlackMethodError("thread_not_found");
  const rootTs = context.state.rootTs(channel, ts);
  const root = thread.filter((message) => message.ts === rootTs);
  const threadReplies = thread.filter((message) => message.ts !== rootTs).filter(inRange(args));
  const cursor = decodeCursor(args);
  const ordered = cursor === undefined ? [...root, ...threadReplies] : threadReplies;
  return pagedResponse(page(ordered, readLimit(args, 1000), cursor, 1), args, context);
}

// docs.slack.dev/reference/methods/conversations.history: top-level messages, newest first.
function history(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const channel = requiredString(args, "channel", "channel_not_found");
  const newestFirst = context.state.topLevel(channel).filter(inRange(args)).reverse();
  const result = page(newestFirst, readLimit(args, 100), decodeCursor(args), -1);
  return { ...pagedResponse(result, args, context), pin_count: 0 };
}

// docs.slack.dev/reference/methods/conversations.info: synthesized from the ID's prefix.
function info(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const id = requiredString(args, "channel", "channel_not_found");
  const kind = id[0];
  if (kind !== "C" && kind !== "G" && kind !== "D") throw new SlackMethodError("channel_not_found");
  const common = { id, created: 0, is_archived: false };
  if (kind === "D") return { channel: { ...common, is_im: true, is_mpim: false, is_private: true } };
  return {
    channel: {
      ...common,
      name: `channel-${id.toLowerCase()}`,
      is_channel: kind === "C",
      is_group: kind === "G",
      is_im: false,
      is_mpim: false,
      is_private: kind === "G",
      is_member: true,
      topic: { value: context.state.topics.get(id) ?? "", creator: "", last_set: 0 },
      purpose: { value: "", creator: "", last_set: 0 },
      context_team_id: context.identity.teamId,
    },
  };
}

export const conversationMethods: MethodTable = {
  "conversations.replies": replies,
  "conversations.history": history,
  "conversations.info": info,
};
