import type { Turn } from "../../core/ask.js";
import { markdownOfBlocks } from "./answer-controls.js";
import { authorName } from "./slack-events.js";
import { slackTextToMarkdown, stripMention } from "./slack-text.js";

/** Who the bot is in a workspace (auth.test `user_id` and `bot_id`). */
export interface BotIdentity {
  userId: string;
  botId: string;
}

/** Subtypes that carry something someone wrote; joins, topic changes and the like say nothing to answer. */
const writtenSubtypes = new Set(["thread_broadcast", "file_share", "bot_message", "me_message"]);

/** The root rte posts for `/rte`: "<@U123> asked: question". It is the asker's question, not an answer. */
const commandRoot = /^<@([A-Z0-9]+)> asked: ([\s\S]*)$/;

/**
 * One message of `conversations.replies` as the model should see it: rte's own messages are the
 * assistant's turns (consecutive ones, the parts of one long answer, are merged by the prompt builder);
 * everyone else's, other bots included, are attributed user turns. Returns undefined for messages that say
 * nothing: notices, and files without text.
 */
export function slackMessageToTurn(message: unknown, bot: BotIdentity): Turn | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const fields = message as Record<string, unknown>;
  const subtype = typeof fields.subtype === "string" ? fields.subtype : undefined;
  if (subtype !== undefined && !writtenSubtypes.has(subtype)) return undefined;
  const ts = typeof fields.ts === "string" ? fields.ts : undefined;
  const raw = typeof fields.text === "string" ? fields.text : "";
  const user = typeof fields.user === "string" ? fields.user : undefined;
  const fromRte = fields.bot_id === bot.botId || (user !== undefined && user === bot.userId);

  if (fromRte) {
    const asked = commandRoot.exec(raw);
    if (asked) return userTurn(slackTextToMarkdown(asked[2] ?? ""), asked[1] ?? "someone", ts);
    // An answer with buttons keeps its whole text in a markdown block; `text` is a short fallback.
    const text = (markdownOfBlocks(fields.blocks) ?? slackTextToMarkdown(raw)).trim();
    return text === "" ? undefined : { role: "assistant", text };
  }
  const text = slackTextToMarkdown(stripMention(raw, bot.userId));
  if (text.trim() === "") return undefined;
  return userTurn(text, authorOf(fields, user), ts);
}

function userTurn(text: string, author: string, ts: string | undefined): Turn {
  return { role: "user", text, author, ...(ts === undefined ? {} : { messageId: ts }) };
}

function authorOf(fields: Record<string, unknown>, user: string | undefined): string {
  const profileName = authorName(fields.user_profile).name;
  if (profileName) return profileName;
  if (typeof fields.bot_id === "string") {
    const botName =
      authorName(fields.bot_profile).name ??
      (typeof fields.username === "string" ? fields.username : undefined);
    return botName ?? "a bot";
  }
  return user ?? "someone";
}

/** Whether Slack timestamp `a` is earlier than `b` ("1715000000.000100"): seconds, then microseconds. */
export function isEarlierTs(a: string, b: string): boolean {
  const [aSeconds = "0", aMicros = "0"] = a.split(".");
  const [bSeconds = "0", bMicros = "0"] = b.split(".");
  const seconds = BigInt(aSeconds) - BigInt(bSeconds);
  return seconds !== 0n ? seconds < 0n : BigInt(aMicros.padEnd(6, "0")) < BigInt(bMicros.padEnd(6, "0"));
}
