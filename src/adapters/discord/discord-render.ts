import { inertDiscordProse } from "../../core/markdown/inert-mentions.js";
import type { OutlineMemo } from "../../core/markdown/outline-memo.js";
import { defaultCodeLines, type RenderedAnswer, renderAnswer } from "../../core/markdown/render-answer.js";

/** Discord's limit for a message's content: https://discord.com/developers/docs/resources/message#create-message */
export const messageLimit = 2_000;

/**
 * Markdown as Discord shows it: code only in ``` fences (Discord renders neither `~~~` nor indented
 * blocks, nor a fence nested in a list), headings `#` to `###` only (deeper ones become bold), no tables
 * (rows become bullets), messages of at most 2,000 characters, mentions inert. Code that a message cannot
 * carry goes as a file.
 */
export function renderForDiscord(markdown: string, memo?: OutlineMemo): RenderedAnswer {
  return renderAnswer(
    markdown,
    { ...defaultCodeLines, limit: messageLimit, transform: inertDiscordProse, deepestHeading: 3 },
    memo,
  );
}
