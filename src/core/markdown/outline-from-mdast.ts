import type { Code, Nodes, Table } from "mdast";
import type { CodeMark, Mark, TableCell } from "./markdown-outline.js";
import { innerSpanOf, parseMarkdown, spanOf } from "./micromark-tree.js";

/**
 * The outline of an answer read by micromark: the reference parser, used for the answers whose offsets
 * markdown-it cannot give exactly (see markdown-outline.ts).
 */
export function outlineFromMdast(source: string): Mark[] {
  return marksIn(parseMarkdown(source).tree, source);
}

function marksIn(node: Nodes, source: string): Mark[] {
  if (node.type === "code") return [codeMark(node, source)];
  if (node.type === "inlineCode") return [{ type: "inlineCode", ...spanOf(node) }];
  if (node.type === "table") return [tableMark(node, source)];
  if (node.type === "heading")
    return [
      {
        type: "heading",
        ...spanOf(node),
        depth: node.depth,
        inner: innerSpanOf(node),
        marks: childMarks(node, source),
      },
    ];
  return childMarks(node, source);
}

function childMarks(node: Nodes, source: string): Mark[] {
  return "children" in node ? node.children.flatMap((child) => marksIn(child as Nodes, source)) : [];
}

function codeMark(node: Code, source: string): CodeMark {
  const { start, end } = spanOf(node);
  const lines = source.slice(start, end).split("\n");
  const fence = /^(`{3,}|~{3,})/.exec(lines[0] ?? "")?.[1];
  // The parser does not say whether a fence was closed; its last line does. Container markers (a
  // quote's `>`) stand before the closing fence too.
  const lastLine = (lines.length > 1 ? (lines.at(-1) ?? "") : "").replace(/^[ \t>]*/, "").trimEnd();
  const closing = /^(`{3,}|~{3,})$/.exec(lastLine)?.[1];
  const closed =
    fence !== undefined && closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length;
  return { type: "code", start, end, lang: node.lang ?? "", value: node.value, fence, closed };
}

function tableMark(node: Table, source: string) {
  const width = node.children[0]?.children.length ?? 0;
  const rows = node.children.map((row) =>
    Array.from({ length: width }, (_, index): TableCell => {
      const cell = row.children[index];
      return cell === undefined
        ? { inner: undefined, marks: [] }
        : { inner: innerSpanOf(cell), marks: childMarks(cell, source) };
    }),
  );
  return { type: "table" as const, ...spanOf(node), rows };
}
