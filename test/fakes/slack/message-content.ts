import { type MethodArgs, optionalArray, optionalString, SlackMethodError } from "./method.js";

/**
 * Size limits Slack enforces on message content (docs.slack.dev/reference/methods/chat.postMessage,
 * chat.update). The docs call 40,000 on `chat.postMessage` a truncation with the warning
 * `message_truncated`; the fake rejects instead, so over-long replies fail loudly in tests.
 */
export const POST_TEXT_LIMIT = 40_000;
/** chat.update `msg_too_long`: "The `text` field cannot exceed 4,000 characters." */
export const UPDATE_TEXT_LIMIT = 4_000;
/** `markdown_text` (post, update, streams) and a `markdown` block: "Limit this field to 12,000 characters." */
export const MARKDOWN_TEXT_LIMIT = 12_000;
/**
 * The error for `markdown_text` over 12,000 is undocumented; markdown becomes a `markdown` block and an
 * over-long markdown block fails with `msg_blocks_too_long` (slackapi/bolt-js#2509).
 */
export const MARKDOWN_TOO_LONG_ERROR = "msg_blocks_too_long";

export interface MessageContent {
  text?: string;
  markdown_text?: string;
  blocks?: unknown[];
}

/** Reads text / blocks / markdown_text and applies Slack's conflict, emptiness and length rules. */
export function readMessageContent(args: MethodArgs, textLimit: number): MessageContent {
  const text = optionalString(args, "text");
  const markdownText = optionalString(args, "markdown_text");
  const blocks = optionalArray(args, "blocks");
  if (typeof args.blocks === "string" && args.blocks !== "")
    throw new SlackMethodError("invalid_blocks_format");
  if (markdownText !== undefined && (text !== undefined || blocks !== undefined)) {
    throw new SlackMethodError("markdown_text_conflict");
  }
  if (text === undefined && markdownText === undefined && blocks === undefined && !args.attachments) {
    throw new SlackMethodError("no_text");
  }
  if (text !== undefined && text.length > textLimit) throw new SlackMethodError("msg_too_long");
  checkMarkdownLength(markdownText);
  return {
    ...(text === undefined ? {} : { text }),
    ...(markdownText === undefined ? {} : { markdown_text: markdownText }),
    ...(blocks === undefined ? {} : { blocks }),
  };
}

export function checkMarkdownLength(markdownText: string | undefined): void {
  if (markdownText !== undefined && markdownText.length > MARKDOWN_TEXT_LIMIT) {
    throw new SlackMethodError(MARKDOWN_TOO_LONG_ERROR);
  }
}

/**
 * What a message shows as its body: its `markdown_text`, else its `markdown` blocks (a message with
 * buttons carries its text that way, `text` then being a notification fallback), else its `text`.
 */
export function shownText(message: MessageContent): string {
  if (message.markdown_text !== undefined) return message.markdown_text;
  const markdown = (message.blocks ?? []).flatMap((block) =>
    typeof block === "object" && block !== null && (block as { type?: unknown }).type === "markdown"
      ? [String((block as { text?: unknown }).text ?? "")]
      : [],
  );
  return markdown.length > 0 ? markdown.join("\n") : (message.text ?? "");
}
