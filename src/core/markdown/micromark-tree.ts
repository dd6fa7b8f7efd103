import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * An answer parsed as CommonMark + GFM (tables, strikethrough, autolinks, task lists) by micromark, the
 * parser behind remark and unified: maintained, 100% spec-compliant, and its tree carries exact offsets,
 * so renderers copy the source text of a node instead of re-printing it and every code block reaches the
 * reader byte for byte. It is the reference parser: the renderers read answers through
 * markdown-outline.ts, which asks the faster markdown-it first and micromark whenever markdown-it's offsets
 * are not exact. The terminal printer reads this tree directly (it prints a block once the next begins).
 */
export interface ParsedMarkdown {
  /** The answer with CRLF turned into LF: both chat platforms break lines with "\n". */
  source: string;
  tree: Root;
}

export function parseMarkdown(markdown: string): ParsedMarkdown {
  const source = markdown.replace(/\r\n?/g, "\n");
  return {
    source,
    tree: fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }),
  };
}

/** Where a node starts and ends in the source. Every node from the parser has a position. */
export function spanOf(node: Nodes): { start: number; end: number } {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** The source text of a node's children: a heading's text without its `#`s, a cell without its pipes. */
export function innerSpanOf(node: Nodes): { start: number; end: number } | undefined {
  if (!("children" in node)) return undefined;
  const first = node.children[0];
  const last = node.children.at(-1);
  if (first === undefined || last === undefined) return undefined;
  return { start: spanOf(first).start, end: spanOf(last).end };
}
