import type { CodeMark, MarkdownOutline } from "./markdown-outline.js";
import { outlineMarkdown } from "./markdown-outline.js";

/**
 * Whether every fenced code block is closed. A streaming answer may end inside a block; the parser then
 * runs the block to the end of the text, and only its last line tells whether a closing fence came.
 */
export function isFenceBalanced(markdown: string): boolean {
  return openFenceAtEnd(outlineMarkdown(markdown)) === undefined;
}

/**
 * Closes a fence the text ends inside (an answer cut off, or still streaming), with its opening marker
 * and its container's lead (a list item's indentation, a quote's `>`), so that what is appended after it
 * (a notice, a status) reads as prose instead of more code. Balanced text comes back unchanged.
 */
export function closeOpenFence(markdown: string): string {
  const outline = outlineMarkdown(markdown);
  const closing = openFenceAtEnd(outline);
  if (closing === undefined) return outline.source;
  return `${outline.source}${outline.source.endsWith("\n") ? "" : "\n"}${closing}`;
}

/** The line that would close the fence the text ends inside, or undefined. */
function openFenceAtEnd({ source, marks }: MarkdownOutline): string | undefined {
  // Code blocks are never inside the other marks (headings, tables), so the last one is the last block.
  const last = marks.findLast((mark): mark is CodeMark => mark.type === "code");
  if (last === undefined) return undefined;
  // A block left open in a list item or a quote ends with its container, not at the end of the text.
  if (last.end < source.trimEnd().length) return undefined;
  // An indented block has no fence to close.
  if (last.fence === undefined || last.closed) return undefined;
  const lead = source.slice(source.lastIndexOf("\n", last.start - 1) + 1, last.start);
  return `${/^[ \t>]*$/.test(lead) ? lead : " ".repeat(lead.length)}${last.fence}`;
}
