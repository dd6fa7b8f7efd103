import { neutralizeSlackMentions } from "../../core/markdown/inert-mentions.js";
import { tablesToText } from "../../core/markdown/tables.js";

/**
 * `markdown_text` on chat.postMessage, chat.update and the chat.*Stream methods: "Limit this field to
 * 12,000 characters" (docs.slack.dev/reference/methods/chat.postMessage). Each message carries one
 * `markdown_text` and nothing else, so the budget is not shared with other blocks (bolt-js#2509).
 */
export const slackMarkdownLimit = 12_000;

/**
 * Claude's Markdown as Slack should show it. Slack renders `markdown_text` itself (bold, links, lists,
 * headings, code blocks), so the text stays Markdown: never mrkdwn, whose `*bold*` and `<url|label>` the
 * model does not write reliably. What Slack's Markdown lacks is tables, so they become lists; and model
 * output is untrusted, so `<!channel>`, `<@U…>` and bare `@here` arrive inert.
 */
export function renderSlackMarkdown(markdown: string): string {
  return neutralizeSlackMentions(tablesToText(markdown));
}
