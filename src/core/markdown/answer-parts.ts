import { type CodeMark, type Mark, outlineMarkdown, type Span } from "./markdown-outline.js";
import type { OutlineMemo } from "./outline-memo.js";
import { tableAsBullets } from "./table-bullets.js";

/** A stretch of an answer: Markdown prose, or one code block taken out of wherever it was nested. */
export type AnswerPart = { kind: "prose"; markdown: string } | CodePart;

export interface CodePart {
  kind: "code";
  /** The info string's first word ("ts" for "```ts title=x" or "```ts{1,3}"), or "" when there is none. */
  language: string;
  /** The code as CommonMark reads it: fence and container indentation removed, no final line break. */
  code: string;
  /** Which code block of the answer this is, from 0: names its file. */
  index: number;
}

export interface ProseRules {
  /** Applied to prose and never to code, fenced or inline (mentions made inert, say). */
  transform: (prose: string) => string;
  /** Headings deeper than this become bold lines (Discord renders `#` to `###` only). */
  deepestHeading?: number;
}

/**
 * An answer as prose and code blocks, from its outline (markdown-outline.ts). Every code block (backtick or tilde fence,
 * indented, nested in a list item or a quote) comes out whole, as the parser read it, so a platform can
 * show it as a fence of its own or attach it as a file. In the prose between, tables become bullets
 * (neither platform renders them), headings deeper than the platform shows become bold, and `transform`
 * rewrites everything that is not code.
 */
export function answerParts(markdown: string, rules: ProseRules, memo?: OutlineMemo): AnswerPart[] {
  const { source, marks } = outlineMarkdown(markdown, memo);
  const rewriter = createRewriter(source, marks, rules);
  const parts: AnswerPart[] = [];
  let cursor = 0;
  let index = 0;
  for (const node of rewriter.marks) {
    if (node.type !== "code") continue;
    const { start, end } = node;
    pushProse(parts, withoutTrailingMarker(rewriter.range(cursor, start)));
    cursor = end;
    if (node.value.trim() !== "")
      parts.push({ kind: "code", language: languageOf(node), code: node.value, index });
    index++;
  }
  // The end stays as written: a streaming answer's trailing space or line break is where the next text joins.
  pushProse(parts, rewriter.range(cursor, source.length), false);
  return parts;
}

/** The marks a rewrite treats specially, in document order: a heading it leaves alone gives its code spans. */
function marksIn(outline: Mark[], rules: ProseRules): Mark[] {
  return outline.flatMap((mark) =>
    mark.type === "heading" && mark.depth <= (rules.deepestHeading ?? Number.POSITIVE_INFINITY)
      ? marksIn(mark.marks, rules)
      : [mark],
  );
}

function createRewriter(source: string, outline: Mark[], rules: ProseRules) {
  const marks = marksIn(outline, rules);
  /** The source from `start` to `end` with the marks inside it replaced and the rest transformed. */
  const range = (start: number, end: number, within: Mark[] = marks): string => {
    let output = "";
    let cursor = start;
    for (const node of within) {
      if (node.start < start || node.end > end) continue;
      output += rules.transform(source.slice(cursor, node.start)) + replacement(node);
      cursor = node.end;
    }
    return output + rules.transform(source.slice(cursor, end));
  };
  /** The text of a heading or a table cell, rewritten like the prose around it. */
  const inner = ({ inner: span, marks: within }: { inner: Span | undefined; marks: Mark[] }): string =>
    span === undefined ? "" : range(span.start, span.end, marksIn(within, rules));
  const replacement = (node: Mark): string => {
    const { start, end } = node;
    if (node.type === "heading") {
      const text = inner(node);
      // A second pair of `**` would tangle with bold already in the heading.
      return text === "" || text.includes("**") ? text : `**${text}**`;
    }
    if (node.type === "table") return tableAsBullets(node, inner, continuationPrefix(source, start));
    return source.slice(start, end);
  };
  return { marks, range };
}

/**
 * What the lines after a block's first need in front of them to stay in the block's container: the
 * first line's own lead when it is indentation or quote markers, else as many spaces (a list item).
 */
function continuationPrefix(source: string, start: number): string {
  const lead = source.slice(source.lastIndexOf("\n", start - 1) + 1, start);
  return /^[ \t>]*$/.test(lead) ? lead : " ".repeat(lead.length);
}

function languageOf(node: CodeMark): string {
  // `lang` is the info string's first word; "ts{1,3}" (highlighted lines) means TypeScript too, and
  // nothing that could end a backtick fence may pass into the one the platform shows.
  return node.lang.split("{")[0]?.replace(/[^\w#+.-]/g, "") ?? "";
}

/**
 * The prose before a code block ends with whatever stood before the block on its line: indentation, a
 * quote's `>`, or the list marker the block began its item with. On its own, that would show as an empty
 * line or an empty bullet once the block is taken out.
 */
function withoutTrailingMarker(prose: string): string {
  return prose.replace(/(^|\n)[ \t>]*(?:[-*+]|\d{1,9}[.)])?[ \t]*$/, "");
}

function pushProse(parts: AnswerPart[], prose: string, trimEnd = true): void {
  // Indentation on the first line after a block belonged to its container, which the block left.
  const trimmed = prose.replace(/^\s+/, "");
  if (trimmed.trim() !== "") parts.push({ kind: "prose", markdown: trimEnd ? trimmed.trimEnd() : trimmed });
}
