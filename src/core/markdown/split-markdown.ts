import { closingLine, type Fence, type FencedBlock, type MarkdownLine, scanLines } from "./fences.js";
import { graphemeBoundaryAtOrBefore } from "./grapheme-boundary.js";

export { closeOpenFence, isFenceBalanced } from "./fences.js";

/** Where one chunk ends and the next begins. */
interface Cut {
  /** Where this chunk's text ends. */
  end: number;
  /** Where the next chunk's text starts. What lies between `end` and `next` is whitespace, dropped. */
  next: number;
  /** The block still open at `end`: this chunk closes its fence and the next chunk reopens it. */
  block: FencedBlock | undefined;
}

/**
 * Splits a Markdown answer into messages of at most `limit` characters (JavaScript string length, which
 * is what Discord's 2,000 and Slack's 12,000 count), losing nothing: long answers used to be cut or
 * rejected (`msg_too_long`), and code blocks split across messages stopped rendering as code.
 *
 * A split prefers, in order: a blank line between blocks, a line end, a space, and last a cut between
 * two characters (never inside an emoji); a preferred kind gives way when it would leave the message
 * less than half full. It never falls inside a fenced code block that could fit in one message. A block
 * longer than `limit` is split at line ends (mid-line only for a line longer than `limit`); each part is
 * closed with a fence and reopened with the same info string, so every chunk renders its code as code in
 * the right language. A fence the model left open at the end is closed. CRLF becomes LF, and the
 * whitespace at a cut is dropped. Whitespace-only input gives `[]`.
 *
 * Throws a RangeError when `limit` cannot hold a fence pair and one character.
 */
export function splitMarkdown(markdown: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  // Both platforms break lines with "\n"; a "\r" would only spend the limit.
  const text = markdown.replaceAll("\r\n", "\n");
  const lines = scanLines(text);
  const chunks: string[] = [];
  let start = 0;
  let lineIndex = 0;
  let carried: Fence | undefined;
  while (start < text.length) {
    while ((lines[lineIndex]?.end ?? Number.POSITIVE_INFINITY) < start) lineIndex++;
    const opening = carried === undefined ? "" : `${openingLine(carried)}\n`;
    const cut = findCut(text, lines, lineIndex, start, limit - opening.length, limit);
    if (cut.next <= start) {
      throw new RangeError(`limit ${limit} is too small to hold a code fence pair and one character`);
    }
    const body = text.slice(start, cut.end);
    // The fence as this chunk opened it: the original line, or the reopened one for a continuation.
    const fence = cut.block && (cut.block.start >= start ? cut.block.fence : (carried ?? cut.block.fence));
    // Only the input's own last line break can stand in for the one before a closing fence.
    const lineBreak = cut.end === text.length && body.endsWith("\n") ? "" : "\n";
    const closing = fence === undefined ? "" : `${lineBreak}${closingLine(fence)}`;
    const chunk = opening + body + closing;
    if (chunk.trim() !== "") chunks.push(chunk);
    start = cut.next;
    carried = fence && reopened(fence);
  }
  return chunks;
}

/**
 * The best cut for a chunk starting at `start` with `room` characters left after any reopened fence.
 * Candidates are collected in one pass, keeping the latest of each kind.
 */
function findCut(
  text: string,
  lines: MarkdownLine[],
  firstLine: number,
  start: number,
  room: number,
  limit: number,
): Cut {
  const lastLine = lines.at(-1);
  const openAtEnd = lastLine?.role === "closing" ? undefined : lastLine?.block;
  const closingRoom = openAtEnd === undefined ? 0 : closingLength(openAtEnd.fence);
  if (text.length - start + closingRoom <= room) {
    return { end: text.length, next: text.length, block: openAtEnd };
  }

  let blankLine: Cut | undefined;
  let lineEnd: Cut | undefined;
  let codeLineEnd: Cut | undefined;
  let space: Cut | undefined;
  for (let index = firstLine; index < lines.length; index++) {
    const line = lines[index];
    const next = lines[index + 1];
    if (line === undefined || line.start > start + room) break;
    if (line.role === "prose") space = spaceCut(text, line, start, room) ?? space;
    if (next === undefined || line.end <= start) continue;
    if (line.role === "prose" || line.role === "closing") {
      if (line.end - start > room) continue;
      if (isBlank(next.text) && !isBlank(line.text) && next.role === "prose") {
        blankLine = { end: line.end, next: nextContentStart(text, lines, index + 1), block: undefined };
      } else {
        lineEnd = { end: line.end, next: next.start, block: undefined };
      }
    } else if (line.role === "code" && line.block !== undefined && isOversized(line.block, limit)) {
      if (line.end - start + closingLength(line.block.fence) <= room) {
        codeLineEnd = { end: line.end, next: next.start, block: line.block };
      }
    }
  }
  const candidates = [blankLine, lineEnd, codeLineEnd, space];
  // A better kind of cut wins only if it fills half the message: a heading cut from its paragraph, or a
  // message holding one short line, costs more than a paragraph continued in the next message.
  const filling = candidates.find((cut) => cut !== undefined && cut.end - start >= room / 2);
  return (
    filling ?? candidates.find((cut) => cut !== undefined) ?? hardCut(text, lines, firstLine, start, room)
  );
}

/** Cuts before the last run of spaces that fits, dropping the run. */
function spaceCut(text: string, line: MarkdownLine, start: number, room: number): Cut | undefined {
  const from = Math.max(line.start, start);
  // A loop bounded by this line, not lastIndexOf, which would scan back through the whole text.
  let space = Math.min(line.end - 1, start + room);
  while (space >= from && text[space] !== " ") space--;
  if (space < from) return undefined;
  let end = space;
  while (end > from && text[end - 1] === " ") end--;
  let next = space + 1;
  while (next < line.end && text[next] === " ") next++;
  return end > start ? { end, next, block: undefined } : undefined;
}

/** The last resort, for a single line longer than the room: cut between two characters. */
function hardCut(text: string, lines: MarkdownLine[], firstLine: number, start: number, room: number): Cut {
  let end = Math.min(start + room, text.length);
  const line = lineContaining(lines, firstLine, end - 1);
  const block = line?.role === "code" ? line.block : undefined;
  if (block !== undefined) end -= closingLength(block.fence);
  end = graphemeBoundaryAtOrBefore(text, end, start);
  return { end, next: end, block };
}

function lineContaining(
  lines: MarkdownLine[],
  firstLine: number,
  position: number,
): MarkdownLine | undefined {
  for (let index = firstLine; index < lines.length; index++) {
    const line = lines[index];
    if (line !== undefined && line.end >= position) return line;
  }
  return undefined;
}

/** Only a block that cannot fit in one message, even alone, may be split. */
function isOversized(block: FencedBlock, limit: number): boolean {
  const closing = block.closed ? 0 : closingLength(block.fence);
  return block.end - block.start + closing > limit;
}

/** Room to reserve for the "\n" and closing fence a split inside a block appends. */
function closingLength(fence: Fence): number {
  return 1 + closingLine(fence).length;
}

function openingLine(fence: Fence): string {
  return `${fence.indent}${fence.marker}${fence.info}`;
}

/**
 * The fence a continuation chunk opens with. Indentation of four or more spaces only makes a fence inside
 * a list item; at the top of a new message it would make an indented code block showing "```" as text.
 */
function reopened(fence: Fence): Fence {
  return fence.indent.length <= 3 ? fence : { ...fence, indent: "" };
}

function nextContentStart(text: string, lines: MarkdownLine[], from: number): number {
  for (let index = from; index < lines.length; index++) {
    const line = lines[index];
    if (line !== undefined && !isBlank(line.text)) return line.start;
  }
  return text.length;
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}
