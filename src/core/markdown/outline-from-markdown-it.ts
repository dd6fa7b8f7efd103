import type Token from "markdown-it/lib/token.mjs";
import type { BlockPlace, InlinePlace } from "./markdown-it-parser.js";
import { markdownIt } from "./markdown-it-parser.js";
import type { CodeMark, HeadingMark, Mark, Span, TableCell, TableMark } from "./markdown-outline.js";
import { createSourceLines, type SourceLines } from "./source-lines.js";

/** A place where markdown-it's tokens do not line up with the source exactly: micromark reads the answer. */
class Misaligned extends Error {}

/**
 * The outline of an answer read by markdown-it, from the offsets markdown-it-parser.ts notes on its
 * tokens. Every offset is checked against the source (a fence starts with its marker, a cell's text is
 * where the row puts it); if one does not hold, the answer goes to micromark instead: undefined.
 */
export function outlineFromMarkdownIt(source: string): Mark[] | undefined {
  return readWithMarkdownIt(source)?.marks;
}

/** An outline read by markdown-it, and where a longer version of the same answer may be read on from. */
export interface MarkdownItReading {
  marks: Mark[];
  /**
   * The start of the answer's last top-level block that begins at the first column after a blank line,
   * if any. Nothing after it can change how the text before it reads (CommonMark closes those blocks for
   * good), except link reference definitions, which outline-memo.ts looks for; so a longer answer with
   * the same text up to here has the same marks before it.
   */
  resumeAt: number | undefined;
}

export function readWithMarkdownIt(source: string): MarkdownItReading | undefined {
  // GFM footnotes are containers to micromark and link definitions to markdown-it, so their indented
  // lines read differently; markdown-it turns NUL into U+FFFD, which would change code; and micromark's
  // GFM autolink literals (markdown-it has none) run on through a backtick after a URL.
  if (source.includes("[^") || source.includes("\0") || literalUrlBeforeBacktick.test(source))
    return undefined;
  try {
    // markdown-it drops a last line of only spaces unless a line break ends it, where micromark keeps
    // it in an open fence's code (a streaming answer often stops in a code line's indentation).
    const text = /(^|\n)[ \t]+$/.test(source) ? `${source}\n` : source;
    const tokens = markdownIt.parse(text, {});
    const lines = createSourceLines(source);
    return { marks: marksOf(tokens, source, lines), resumeAt: lastFreshBlock(tokens, source, lines) };
  } catch (error) {
    if (error instanceof Misaligned) return undefined;
    throw error;
  }
}

function lastFreshBlock(tokens: Token[], source: string, lines: SourceLines): number | undefined {
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index] as Token;
    if (token.level !== 0 || token.nesting === -1 || token.map === null) continue;
    const line = token.map[0];
    if (line === 0) return undefined;
    const start = lines.endOf(line - 1) + 1;
    const first = source[start];
    if (lines.isBlank(line - 1) && first !== undefined && !/\s/.test(first)) return start;
  }
  return undefined;
}

const literalUrlBeforeBacktick = /(?:www\.|https?:\/\/)[^\s<]*`/i;

function marksOf(tokens: Token[], source: string, lines: SourceLines): Mark[] {
  const marks: Mark[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const next = tokens[index + 1];
    if (token.type === "fence" || token.type === "code_block") {
      // micromark splits an indented block that follows a table in a quote without a blank line; such
      // a block (never after a paragraph, which it would continue) is left to the reference.
      if (token.type === "code_block" && !lines.isBlank(firstLine(token) - 1)) throw new Misaligned();
      marks.push(codeMark(token, source));
    } else if (token.type === "paragraph_open" && next?.type === "inline") {
      // Only a paragraph with code in it needs its lines placed in the source (a copy of each line).
      if (next.children?.some((child) => child.type === "code_inline"))
        marks.push(...inlineCodes(next, source, mapped(lines, firstLine(token), next.content)));
    } else if (token.type === "heading_open" && next?.type === "inline")
      marks.push(headingMark(token, next, source, lines));
    else if (token.type === "table_open") {
      let close = index;
      while (tokens[close]?.type !== "table_close") close++;
      // micromark does not start a table on a line that could be a lazy continuation of the block before
      // (markdown-it does): a table right under a line of text is left to the reference.
      if (!lines.isBlank(firstLine(token) - 1)) throw new Misaligned();
      marks.push(tableMark(tokens.slice(index, close + 1), source));
      index = close;
    }
  }
  return marks;
}

function codeMark(token: Token, source: string): CodeMark {
  const place = blockPlace(token);
  // CommonMark's code has no final line break; markdown-it's content ends with one.
  const value = token.content.endsWith("\n") ? token.content.slice(0, -1) : token.content;
  if (token.type === "code_block") {
    // micromark starts an indented block at its container's edge, before the four spaces.
    if (!/^ {4,}$/.test(source.slice(place.indentBegin, place.begin))) throw new Misaligned();
    return {
      type: "code",
      start: place.indentBegin,
      end: place.end,
      lang: "",
      value,
      fence: undefined,
      closed: false,
    };
  }
  if (!source.startsWith(token.markup, place.begin)) throw new Misaligned();
  // micromark takes the first word before decoding escapes and entities, markdown-it after; and the two
  // trim different whitespace. Plain info strings read the same.
  const lineEnd = source.indexOf("\n", place.begin);
  const opening = source.slice(place.begin, lineEnd === -1 ? source.length : lineEnd);
  if (/[&\\]|[^\x20-\x7e]/.test(opening)) throw new Misaligned();
  // `info` is the rest of the opening line as written; its first word follows spaces or tabs.
  const lang = token.info.replace(/^[ \t]+/, "").split(/[ \t]/)[0] ?? "";
  // micromark's tree does not say whether a fence was closed, so the reference reads the block's last
  // line, and takes a line like "> ```" or "    ```" for a closing fence even where it is not one. Such
  // an answer is left to the reference, so that both always agree.
  if (!place.closed && looksClosed(source.slice(place.begin, place.end), token.markup))
    throw new Misaligned();
  // An open fence in a quote or a list item that ends on a blank line of its container: micromark ends
  // the block before that line in some containers and after it in others. Left to the reference.
  if (!place.closed && endsOnBlankContainerLine(source, place)) throw new Misaligned();
  return {
    type: "code",
    start: place.begin,
    end: place.end,
    lang,
    value,
    fence: token.markup,
    closed: place.closed,
  };
}

function endsOnBlankContainerLine(source: string, place: BlockPlace): boolean {
  const lastLineStart = source.lastIndexOf("\n", place.end - 1) + 1;
  const firstLineStart = source.lastIndexOf("\n", place.begin - 1) + 1;
  const inContainer =
    source.slice(firstLineStart, place.begin).trim() !== "" || place.indentBegin > firstLineStart;
  return (
    inContainer && lastLineStart > place.begin && /^[ \t>]*$/.test(source.slice(lastLineStart, place.end))
  );
}

function looksClosed(block: string, fence: string): boolean {
  const lines = block.split("\n");
  if (lines.length < 2) return false;
  const closing = /^(`{3,}|~{3,})$/.exec((lines.at(-1) ?? "").replace(/^[ \t>]*/, "").trimEnd())?.[1];
  return closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length;
}

function headingMark(token: Token, inline: Token, source: string, lines: SourceLines): HeadingMark {
  const depth = Number(token.tag.slice(1));
  const { content } = inline;
  if (token.markup.startsWith("#")) {
    const place = blockPlace(token);
    let textStart = place.begin + token.markup.length;
    while (source[textStart] === " " || source[textStart] === "\t") textStart++;
    if (content !== "" && !source.startsWith(content, textStart)) throw new Misaligned();
    const inner = content === "" ? undefined : { start: textStart, end: textStart + content.length };
    const marks = inlineCodes(inline, source, (offset) => textStart + offset);
    return { type: "heading", start: place.begin, end: place.end, depth, inner, marks };
  }
  // A setext heading: its text lines, then the underline.
  const [from, to] = token.map ?? [0, 0];
  const toSource = mapped(lines, from, content);
  const inner = { start: toSource(0), end: toSource(content.length) };
  const end = lines.endOf(to - 1);
  return {
    type: "heading",
    start: inner.start,
    end,
    depth,
    inner,
    marks: inlineCodes(inline, source, toSource),
  };
}

function tableMark(tokens: Token[], source: string): TableMark {
  const place = blockPlace(tokens[0] as Token);
  const rows: TableCell[][] = [];
  let spans: Span[] = [];
  let cells: TableCell[] = [];
  for (const token of tokens) {
    if (token.type === "tr_open") {
      spans = cellSpans(source, blockPlace(token));
      cells = [];
      rows.push(cells);
    } else if (token.type === "inline") {
      cells.push(tableCell(token, source, spans[cells.length]));
    }
  }
  return { type: "table", start: place.begin, end: place.end, rows };
}

/**
 * Where each cell's text is in a row, split as markdown-it splits it (rules_block/table.mjs): at every
 * pipe, dropping an empty first and last part (the outer pipes), each part trimmed. An escaped pipe is
 * a different split, and markdown-it drops its backslash from the text: micromark reads such a table.
 */
function cellSpans(source: string, row: BlockPlace): Span[] {
  const text = source.slice(row.begin, row.end);
  if (text.trimStart() !== text || text.includes("\\|")) throw new Misaligned();
  const parts = text.trimEnd().split("|");
  const spans: Span[] = [];
  let at = row.begin;
  for (const part of parts) {
    const start = at + part.length - part.trimStart().length;
    spans.push({ start, end: Math.max(start, at + part.trimEnd().length) });
    at += part.length + 1;
  }
  if (parts.length > 0 && parts.at(-1) === "") spans.pop();
  if (parts[0] === "") spans.shift();
  return spans;
}

function tableCell(inline: Token, source: string, span: Span | undefined): TableCell {
  if (inline.content === "") {
    if (span !== undefined && span.start !== span.end) throw new Misaligned();
    return { inner: undefined, marks: [] };
  }
  if (span === undefined || source.slice(span.start, span.end) !== inline.content) throw new Misaligned();
  return { inner: span, marks: inlineCodes(inline, source, (offset) => span.start + offset) };
}

/** The inline code spans of an inline token, each checked to start and end with its backticks. */
function inlineCodes(inline: Token, source: string, toSource: (offset: number) => number): Mark[] {
  const marks: Mark[] = [];
  // Images keep their alt text's tokens in `children` of their own; micromark's tree has no code there.
  for (const child of inline.children ?? []) {
    if (child.type !== "code_inline") continue;
    const place = child.meta as InlinePlace | null;
    if (place === null) throw new Misaligned();
    const start = toSource(place.start);
    const end = toSource(place.end);
    if (
      !source.startsWith(child.markup, start) ||
      source.slice(end - child.markup.length, end) !== child.markup
    )
      throw new Misaligned();
    marks.push({ type: "inlineCode", start, end });
  }
  return marks;
}

function blockPlace(token: Token): BlockPlace {
  const place = token.meta as BlockPlace | null;
  if (place === null) throw new Misaligned();
  return place;
}

function mapped(lines: SourceLines, first: number, content: string): (offset: number) => number {
  const toSource = lines.mapContent(first, content);
  if (toSource === undefined) throw new Misaligned();
  return toSource;
}

function firstLine(token: Token): number {
  if (token.map === null) throw new Misaligned();
  return token.map[0];
}
