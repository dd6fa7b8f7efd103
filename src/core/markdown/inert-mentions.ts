/**
 * Model output is untrusted text: a prompt can talk Claude into writing `<!channel>`, and nobody should
 * be paged because of an answer. These functions make mention syntax inert while keeping it readable.
 *
 * Code is left alone, fenced and inline, as the Markdown parser reads it. Both platforms show code
 * literally and do not parse mentions in it, and any character inserted there would end up in whatever
 * the reader copies and runs. The `…Prose` functions are for text already known to be prose (the
 * renderers apply them between code). Outside code, two techniques:
 *
 * - Slack's `<…>` forms get the escaping Slack documents for its control characters: `<` and `>` become
 *   `&lt;` and `&gt;` (https://api.slack.com/reference/surfaces/formatting#escaping). Only these
 *   forms are escaped, not every `<`, `>` and `&`: a blanket escape would also turn Markdown quotes
 *   (`> quote`) and autolinks (`<https://…>`) into text. The entities display as the original characters
 *   in both mrkdwn and the Markdown block, which decodes entities as CommonMark does.
 * - Bare `@here`, `@channel` and `@everyone`, which have no escape, get a zero-width space after the `@`,
 *   the convention discord.js long used for the same job. The word still reads the same, but no longer
 *   matches the keyword. Discord's `<@id>` forms get the same treatment: Discord has no entities.
 */

const zeroWidthSpace = "\u200B";

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@team>`, `<!date…>`, `<@U1>`, `<@W1|name>`. */
const slackSpecialForm = /<([!@][^<>\n]*)>/g;

/** Slack's broadcast keywords, as a word of their own: not the tail of `name@here.com`. */
const slackBroadcast = /(?<![\w@.])@(here|channel|everyone)(?![\w-])/gi;

/** `<@123>`, `<@!123>` (nickname form) and `<@&123>` (a role). */
const discordMention = /<@([!&]?\d+)>/g;

const discordBroadcast = /(?<![\w@.])@(here|everyone)(?![\w-])/gi;

export function inertSlackProse(prose: string): string {
  return prose.replace(slackSpecialForm, "&lt;$1&gt;").replace(slackBroadcast, `@${zeroWidthSpace}$1`);
}

/**
 * Defence in depth: Discord replies are also sent with `allowed_mentions: { parse: [] }`, which alone
 * stops the ping. This keeps the text from looking like a ping where that setting is forgotten.
 */
export function inertDiscordProse(prose: string): string {
  return prose
    .replace(discordMention, `<@${zeroWidthSpace}$1>`)
    .replace(discordBroadcast, `@${zeroWidthSpace}$1`);
}
