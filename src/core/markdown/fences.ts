/**
 * Fenced code blocks, read line by line the way CommonMark does
 * (https://spec.commonmark.org/0.31.2/#fenced-code-blocks). Everything else in this folder asks this file
 * "is this line code?", and the answer depends on who asks:
 *
 * - "lenient" (for layout: splitting, tables, attachments) lets a fence be indented by any amount, because
 *   model answers nest fences in list items, where four or more spaces of indentation are legitimate.
 * - "strict" (for safety: leaving mentions unescaped) only opens a block where every renderer would:
 *   backticks (Discord has no ~~~ blocks) indented at most three spaces (deeper is an indented code block
 *   outside a list, whose later lines are prose). Wrongly taking prose for code would leave a live
 *   mention in it, so any closing-looking line ends the block.
 */
export type FenceReading = "lenient" | "strict";

export interface Fence {
  /** The run that opened the block: three or more backticks or tildes, e.g. "```" or "~~~~". */
  marker: string;
  /** The info string after the marker, trimmed: "ts", "python title=x", or "" when there is none. */
  info: string;
  /** The whitespace before the marker. */
  indent: string;
}

export interface FencedBlock {
  fence: Fence;
  /** Offset of the opening line's first character. */
  start: number;
  /** Offset where the closing line ends (before its "\n"), or the input's length when never closed. */
  end: number;
  closed: boolean;
}

export type LineRole = "prose" | "opening" | "code" | "closing";

export interface MarkdownLine {
  /** The line without its "\n" (a "\r" from CRLF input stays). */
  text: string;
  start: number;
  end: number;
  role: LineRole;
  /** The block an opening, code or closing line belongs to; shared by all of that block's lines. */
  block: FencedBlock | undefined;
}

// `[^\n]` rather than `.`, which stops at the "\r" of CRLF input.
const openingPattern = /^([ \t]*)(`{3,}|~{3,})([^\n]*)$/;

export function parseFenceOpening(line: string, reading: FenceReading = "lenient"): Fence | undefined {
  const match = openingPattern.exec(line);
  if (!match) return undefined;
  const [, indent = "", marker = "", rest = ""] = match;
  if (reading === "strict" && (marker.startsWith("~") || !/^ {0,3}$/.test(indent))) return undefined;
  // A backtick fence's info string may not contain backticks: "```js``` x" is inline code, not a fence.
  if (marker.startsWith("`") && rest.includes("`")) return undefined;
  return { marker, info: rest.trim(), indent };
}

/** A closing fence uses the opening character, at least as many times, and nothing else on its line. */
export function closesFence(line: string, fence: Fence): boolean {
  const trimmed = line.trim();
  const character = fence.marker.charAt(0);
  return trimmed.length >= fence.marker.length && [...trimmed].every((each) => each === character);
}

export function scanLines(markdown: string, reading: FenceReading = "lenient"): MarkdownLine[] {
  const lines: MarkdownLine[] = [];
  let open: FencedBlock | undefined;
  let start = 0;
  for (const text of markdown.split("\n")) {
    const end = start + text.length;
    const line: MarkdownLine = { text, start, end, role: "prose", block: undefined };
    if (open === undefined) {
      const fence = parseFenceOpening(text, reading);
      if (fence !== undefined) {
        open = { fence, start, end: markdown.length, closed: false };
        line.role = "opening";
        line.block = open;
      }
    } else {
      line.block = open;
      if (closesFence(text, open.fence)) {
        line.role = "closing";
        open.end = end;
        open.closed = true;
        open = undefined;
      } else {
        line.role = "code";
      }
    }
    lines.push(line);
    start = end + 1;
  }
  return lines;
}

export function fenceOpenAtEnd(markdown: string): Fence | undefined {
  const last = scanLines(markdown).at(-1);
  return last?.block !== undefined && last.role !== "closing" ? last.block.fence : undefined;
}

export function isFenceBalanced(markdown: string): boolean {
  return fenceOpenAtEnd(markdown) === undefined;
}

/** The line that closes `fence`: the same indentation and marker, so ```` is closed by ````. */
export function closingLine(fence: Fence): string {
  return fence.indent + fence.marker;
}

/**
 * Closes a fence left open at the end, so a partial answer shown while streaming renders its code as
 * code instead of swallowing the rest of the message. Balanced input comes back unchanged.
 */
export function closeOpenFence(markdown: string): string {
  const fence = fenceOpenAtEnd(markdown);
  if (fence === undefined) return markdown;
  const separator = markdown.endsWith("\n") ? "" : "\n";
  return `${markdown}${separator}${closingLine(fence)}`;
}
