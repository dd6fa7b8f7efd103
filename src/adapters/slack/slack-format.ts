import { inertSlackProse } from "../../core/markdown/inert-mentions.js";
import type { OutlineMemo } from "../../core/markdown/outline-memo.js";
import { defaultCodeLines, type RenderedAnswer, renderAnswer } from "../../core/markdown/render-answer.js";

/**
 * `markdown_text` on chat.postMessage, chat.update and the chat.*Stream methods: "Limit this field to
 * 12,000 characters" (docs.slack.dev/reference/methods/chat.postMessage), and the same for the text of a
 * `markdown` block. Each message carries one of them and nothing else, so the budget is not shared with
 * other blocks (bolt-js#2509).
 */
export const slackMarkdownLimit = 12_000;

/**
 * Claude's Markdown as Slack should show it. Slack renders `markdown_text` itself (bold, links, lists,
 * headings, code blocks), so the text stays Markdown: never mrkdwn, whose `*bold*` and `<url|label>` the
 * model does not write reliably. Every code block becomes a ``` fence, the one form sure to render; what
 * Slack's Markdown lacks is tables, so they become lists; code no fence or message can hold goes as a
 * file; and model output is untrusted, so `<!channel>`, `<@U…>` and bare `@here` arrive inert.
 */
export function renderSlackMarkdown(markdown: string, memo?: OutlineMemo): RenderedAnswer {
  return renderAnswer(
    markdown,
    { ...defaultCodeLines, limit: slackMarkdownLimit, transform: inertSlackProse },
    memo,
  );
}

/**
 * Text for a `text` field (a notification, the fallback beside blocks), which Slack reads as mrkdwn: `&`,
 * `<` and `>` are its control characters and must be escaped
 * (https://docs.slack.dev/messaging/formatting-message-text#escaping), so `Map<string, Set<WebSocket>>`
 * reads as written and `<!here>` or `<@U1>` is text, not a mention. Entities the Markdown renderer wrote
 * to make mentions inert are read back first, so they are escaped once, not twice. Cut at `maxLength`
 * before escaping, so no entity is cut in half.
 */
export function slackPlainText(markdown: string, maxLength = Number.POSITIVE_INFINITY): string {
  const text = markdown.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  const cut = text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  return inertSlackProse(cut.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
}
