import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * An answer parsed as CommonMark + GFM (tables, strikethrough, autolinks, task lists) by micromark, the
 * parser behind remark and unified: maintained, 100% spec-compliant, and its tree carries exact offsets,
 * so renderers copy the source text of a node instead of re-printing it and every code block reaches the
 * reader byte for byte. Re-parsing the whole answer at every streaming flush is cheap (answers are a few
 * thousand characters, parsed in about a millisecond).
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

/**
 * Whether every fenced code block is closed. A streaming answer may end inside a block; the parser then
 * runs the block to the end of the text, and only its last line tells whether a closing fence came.
 */
export function isFenceBalanced(markdown: string): boolean {
  return openFenceAtEnd(parseMarkdown(markdown)) === undefined;
}

/**
 * Closes a fence the text ends inside (an answer cut off, or still streaming), with its opening marker
 * and its container's lead (a list item's indentation, a quote's `>`), so that what is appended after it
 * (a notice, a status) reads as prose instead of more code. Balanced text comes back unchanged.
 */
export function closeOpenFence(markdown: string): string {
  const parsed = parseMarkdown(markdown);
  const closing = openFenceAtEnd(parsed);
  if (closing === undefined) return parsed.source;
  return `${parsed.source}${parsed.source.endsWith("\n") ? "" : "\n"}${closing}`;
}

/** The line that would close the fence the text ends inside, or undefined. */
function openFenceAtEnd({ source, tree }: ParsedMarkdown): string | undefined {
  let last: Nodes | undefined;
  const visit = (node: Nodes) => {
    if (node.type === "code") last = node;
    else if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  if (last === undefined) return undefined;
  const { start, end } = spanOf(last);
  // A block left open in a list item or a quote ends with its container, not at the end of the text.
  if (end < source.trimEnd().length) return undefined;
  const lines = source.slice(start, end).split("\n");
  const opening = /^(`{3,}|~{3,})/.exec(lines[0] ?? "")?.[1];
  // An indented block has no fence to close.
  if (opening === undefined) return undefined;
  // Container markers (a quote's `>`) stand before the closing fence too.
  const lastLine = (lines.length > 1 ? (lines.at(-1) ?? "") : "").replace(/^[ \t>]*/, "").trimEnd();
  const closing = /^(`{3,}|~{3,})$/.exec(lastLine)?.[1];
  if (closing !== undefined && closing[0] === opening[0] && closing.length >= opening.length)
    return undefined;
  const lead = source.slice(source.lastIndexOf("\n", start - 1) + 1, start);
  return `${/^[ \t>]*$/.test(lead) ? lead : " ".repeat(lead.length)}${opening}`;
}
