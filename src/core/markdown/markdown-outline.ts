import { outlineFromMarkdownIt } from "./outline-from-markdown-it.js";
import { outlineFromMdast } from "./outline-from-mdast.js";
import type { OutlineMemo } from "./outline-memo.js";

/**
 * What the renderers need from a parsed answer: where its code blocks, inline code spans, tables and
 * headings are in the source, in document order. Renderers copy source text between these marks instead
 * of re-printing a tree, so every code block reaches the reader byte for byte.
 *
 * Two parsers can produce it. markdown-it is the fast one (about ten times faster than micromark on a
 * 6,000-character answer, and parsing was a fifth of the worker's busy time with 1,000 answers
 * streaming). micromark (the parser behind remark, which the renderers were written against) is the
 * reference: an answer goes to it whenever markdown-it's offsets do not line up with the source exactly
 * (a tab expanded inside a container, an escaped pipe in a table) or the answer uses GFM that markdown-it
 * does not parse (footnotes). markdown-outline.test.ts checks that both give the same outline.
 */
export interface MarkdownOutline {
  /** The answer with CRLF turned into LF: both chat platforms break lines with "\n". */
  source: string;
  marks: Mark[];
  /** Which parser read it: the fast path should serve nearly every answer. */
  parser: "markdown-it" | "micromark";
}

export interface Span {
  start: number;
  end: number;
}

export type Mark = CodeMark | InlineCodeMark | HeadingMark | TableMark;

export interface CodeMark extends Span {
  type: "code";
  /** The info string's first word as CommonMark reads it, or "" when there is none. */
  lang: string;
  /** The code as CommonMark reads it: fence and container indentation removed, no final line break. */
  value: string;
  /** The opening fence (```` ``` ````, `~~~~`), or undefined for an indented block. */
  fence: string | undefined;
  /** Whether the fence's last line closes it (a streaming answer may end inside a block). */
  closed: boolean;
}

export interface InlineCodeMark extends Span {
  type: "inlineCode";
}

export interface HeadingMark extends Span {
  type: "heading";
  depth: number;
  /** The heading's text without its `#`s or underline; undefined when it has none. */
  inner: Span | undefined;
  /** Inline code spans in its text. */
  marks: Mark[];
}

export interface TableMark extends Span {
  type: "table";
  /** The header row first; every row has as many cells as the header (missing ones empty, extra dropped). */
  rows: TableCell[][];
}

export interface TableCell {
  /** The cell's text without its pipes and padding; undefined for an empty cell. */
  inner: Span | undefined;
  marks: Mark[];
}

/** `memo`, one per answer, lets a render of a longer version of the answer parse only its end. */
export function outlineMarkdown(markdown: string, memo?: OutlineMemo): MarkdownOutline {
  const source = markdown.replace(/\r\n?/g, "\n");
  const fast = memo === undefined ? outlineFromMarkdownIt(source) : memo.marksOf(source);
  if (fast !== undefined) return { source, marks: fast, parser: "markdown-it" };
  return { source, marks: outlineFromMdast(source), parser: "micromark" };
}
