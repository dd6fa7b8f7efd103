/**
 * Message text as Slack delivers it, turned into the plain Markdown the model reads. Slack escapes `&`, `<`
 * and `>` in message text and wraps links, channels and users in angle brackets
 * (https://docs.slack.dev/messaging/formatting-message-text#retrieving-messages); code pasted into a
 * question would otherwise reach Claude as `if (a &lt; b)`.
 */
export function slackTextToMarkdown(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g, "[$2]($1)")
    .replace(/<((?:https?|mailto):[^|>\s]+)>/g, "$1")
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, "#$1")
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, "$1")
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** `<@U0BOT>` and `<@U0BOT|rte>`, the forms a mention of the bot takes in message text. */
function mentionPattern(botUserId: string): RegExp {
  return new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/gi, "")}(?:\\|[^>]*)?>`, "g");
}

export function mentionsUser(text: string, userId: string): boolean {
  return mentionPattern(userId).test(text);
}

/**
 * The question without the bot's mention: "<@U0BOT> why is p99 spiky?" → "why is p99 spiky?". Only the
 * spaces right after a mention go with it, so indentation in pasted code survives.
 */
export function stripMention(text: string, botUserId: string): string {
  const pattern = new RegExp(`${mentionPattern(botUserId).source}[ \\t]*`, "g");
  return text.replace(pattern, "").trim();
}
