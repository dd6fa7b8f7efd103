/// <reference path="./markdown-it-rules.d.ts" />
import MarkdownIt from "markdown-it";
import code from "markdown-it/lib/rules_block/code.mjs";
import fence from "markdown-it/lib/rules_block/fence.mjs";
import heading from "markdown-it/lib/rules_block/heading.mjs";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import table from "markdown-it/lib/rules_block/table.mjs";
import normalize from "markdown-it/lib/rules_core/normalize.mjs";
import backticks from "markdown-it/lib/rules_inline/backticks.mjs";
import type Token from "markdown-it/lib/token.mjs";

/**
 * markdown-it (CommonMark-compliant, GFM tables, maintained) with a note of where things sit in the
 * source. Its block tokens carry line numbers only, and its inline tokens nothing; but while a rule runs,
 * markdown-it knows exactly where each line of the block starts inside its containers (a quote's `>`, a
 * list item's indentation) and where an inline code span starts and ends. The rules below are markdown-it's
 * own, wrapped to copy those offsets into `token.meta` at that moment: nothing is re-scanned by hand.
 *
 * HTML is on, as in CommonMark: `<a title="`">` is a tag, not the start of a code span.
 */
export const markdownIt = new MarkdownIt("default", { html: true, linkify: false, typographer: false });

/** Offsets of a block token (fence, code_block, heading_open, table_open, a table's tr_open). */
export interface BlockPlace {
  /** The block's first character: after its containers' markers and its own indentation. */
  begin: number;
  /** Where the block's first line starts inside its containers, before the block's own indentation. */
  indentBegin: number;
  /** The end of the block's last line (before its line break). */
  end: number;
  /** For a fence: whether its last line is the closing fence, by markdown-it's own rule. */
  closed: boolean;
}

/** Offsets of an inline code span in its inline token's `content`. */
export interface InlinePlace {
  start: number;
  end: number;
}

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

function noting(rule: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    const first = state.tokens.length;
    if (!rule(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    for (let index = first; index < state.tokens.length; index++) {
      const token = state.tokens[index] as Token;
      if (token.map === null || token.nesting === -1) continue;
      const [from, to] = token.map;
      const last = Math.max(from, to - 1);
      token.meta = {
        begin: (state.bMarks[from] ?? 0) + (state.tShift[from] ?? 0),
        indentBegin: (state.bMarks[from] ?? 0) + state.blkIndent,
        end: state.eMarks[last] ?? 0,
        closed: token.type === "fence" && last > from && closesFence(state, last, token.markup),
      } satisfies BlockPlace;
    }
    return true;
  };
}

/** markdown-it's test for a closing fence (rules_block/fence.mjs), asked of the fence's last line. */
function closesFence(state: StateBlock, line: number, marker: string): boolean {
  if ((state.sCount[line] ?? 0) - state.blkIndent >= 4) return false;
  const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  const text = state.src.slice(start, state.eMarks[line]);
  const run = /^(`+|~+)[ \t]*$/.exec(text)?.[1];
  return run !== undefined && run[0] === marker[0] && run.length >= marker.length;
}

// markdown-it's normalize rewrites the whole source on every parse, since its line-ending pattern matches
// every "\n" too: a copy of the answer each time it is rendered (at 1,000 answers finishing, about 5 % of
// the worker's garbage). Only a source with "\r" or NUL changes, so only such a source is rewritten.
const changedByNormalizing = /[\r\0]/;
markdownIt.core.ruler.at("normalize", (state) => {
  if (changedByNormalizing.test(state.src)) normalize(state);
});
markdownIt.block.ruler.at("table", noting(table), { alt: ["paragraph", "reference"] });
markdownIt.block.ruler.at("code", noting(code));
markdownIt.block.ruler.at("fence", noting(fence), { alt: ["paragraph", "reference", "blockquote", "list"] });
markdownIt.block.ruler.at("heading", noting(heading), { alt: ["paragraph", "reference", "blockquote"] });
markdownIt.inline.ruler.at("backticks", (state, silent) => {
  const start = state.pos;
  const count = state.tokens.length;
  if (!backticks(state, silent)) return false;
  const token = state.tokens.at(-1);
  if (!silent && state.tokens.length > count && token?.type === "code_inline")
    token.meta = { start, end: state.pos } satisfies InlinePlace;
  return true;
});
