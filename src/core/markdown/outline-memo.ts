import type { Mark, Span, TableCell } from "./markdown-outline.js";
import { readWithMarkdownIt } from "./outline-from-markdown-it.js";

/**
 * One answer's outline kept from one render to the next, so each render parses only what may have
 * changed: from the start of the last top-level block markdown-it found last time (`resumeAt`, which says
 * why the marks before it stay) to the end. A streaming answer is rendered at every update with all its
 * text so far, and again when it ends; at 1,000 answers finishing, markdown-it's parse of whole answers
 * was the largest part of what the worker's main thread allocated.
 *
 * A source that does not begin with the text read up to there (a retried answer rewritten, say) is read
 * whole, as is one with anything that looks like a link reference definition (a definition applies to
 * links before it too) or a carriage return (markdown-it's offsets are then not the source's; the
 * outline's callers turn CRLF into LF first).
 */
export interface OutlineMemo {
  /** The marks markdown-it reads for `source`, or undefined where it declines (micromark reads it). */
  marksOf(source: string): Mark[] | undefined;
}

const possibleDefinition = /^ {0,3}\[[^\n]*\]:/m;

export function createOutlineMemo(): OutlineMemo {
  let head = "";
  let headMarks: Mark[] = [];
  return {
    marksOf(source) {
      const readWhole = possibleDefinition.test(source) || source.includes("\r");
      const from = !readWhole && head !== "" && source.startsWith(head) ? head.length : 0;
      const reading = readWithMarkdownIt(source.slice(from));
      if (reading === undefined) {
        head = "";
        headMarks = [];
        return undefined;
      }
      const marks =
        from === 0 ? reading.marks : headMarks.concat(reading.marks.map((mark) => shifted(mark, from)));
      if (reading.resumeAt !== undefined) {
        head = source.slice(0, from + reading.resumeAt);
        headMarks = marks.filter((mark) => mark.end <= head.length);
      } else if (from === 0) {
        // Read whole and nothing to resume at: the old head no longer belongs to this answer's text.
        head = "";
        headMarks = [];
      }
      return marks;
    },
  };
}

function shifted(mark: Mark, by: number): Mark {
  const start = mark.start + by;
  const end = mark.end + by;
  switch (mark.type) {
    case "code":
    case "inlineCode":
      return { ...mark, start, end };
    case "heading":
      return {
        ...mark,
        start,
        end,
        inner: shiftedSpan(mark.inner, by),
        marks: mark.marks.map((inner) => shifted(inner, by)),
      };
    case "table":
      return {
        ...mark,
        start,
        end,
        rows: mark.rows.map((row) => row.map((cell): TableCell => shiftedCell(cell, by))),
      };
  }
}

function shiftedCell(cell: TableCell, by: number): TableCell {
  return { inner: shiftedSpan(cell.inner, by), marks: cell.marks.map((mark) => shifted(mark, by)) };
}

function shiftedSpan(span: Span | undefined, by: number): Span | undefined {
  return span === undefined ? undefined : { start: span.start + by, end: span.end + by };
}
