import { mapOutsideFences } from "./outside-code.js";

/**
 * Rewrites GitHub-style pipe tables, which neither Discord nor Slack's Markdown block renders, as one
 * bullet per row, the first cell bold and the rest labelled by their column:
 *
 *     | Transport | Latency | Direction |        - **SSE** — Latency: low · Direction: server to client
 *     | --- | --- | --- |                  →     - **WebSocket** — Latency: lowest · Direction: both ways
 *     | SSE | low | server to client |
 *
 * Bullets rather than a fenced block of aligned columns, because:
 * - most of these messages are read on phones, where a wide monospace block scrolls sideways or wraps
 *   into noise, while bullets wrap like any paragraph;
 * - cells keep their formatting (bold, links, `code`), which a code block would show as raw symbols;
 * - aligning columns means measuring text width, which emoji and CJK characters make unreliable.
 * The first column leads because in answers it almost always names the row (the option, the setting).
 *
 * Tables inside fenced code are examples, and stay as written.
 */
export function tablesToText(markdown: string): string {
  return mapOutsideFences(markdown, (prose) => {
    const lines = prose.split("\n");
    const output: string[] = [];
    for (let index = 0; index < lines.length; index++) {
      const header = lines[index] ?? "";
      const headers = tableHeaders(header, lines[index + 1]);
      if (headers === undefined) {
        output.push(header);
        continue;
      }
      let end = index + 2;
      const rows: string[][] = [];
      while (end < lines.length && isRow(lines[end] ?? "")) rows.push(cellsOf(lines[end++] ?? ""));
      // Keep the table's indentation (it may sit in a list item) and its line ending (CRLF input).
      const indent = /^\s*/.exec(header)?.[0] ?? "";
      const lineEnd = header.endsWith("\r") ? "\r" : "";
      output.push(...renderTable(headers, rows).map((line) => `${indent}${line}${lineEnd}`));
      // Without a blank line, the text after the table would continue the last bullet.
      if (end < lines.length && (lines[end] ?? "").trim() !== "") output.push(lineEnd);
      index = end - 1;
    }
    return output.join("\n");
  });
}

/** The header cells, if `header` and `delimiter` start a table: a delimiter cell under each header. */
function tableHeaders(header: string, delimiter: string | undefined): string[] | undefined {
  if (delimiter === undefined || !isRow(header) || !delimiter.includes("|")) return undefined;
  const alignments = cellsOf(delimiter);
  if (!alignments.every((cell) => /^:?-+:?$/.test(cell))) return undefined;
  const headers = cellsOf(header);
  return headers.length === alignments.length ? headers : undefined;
}

function isRow(line: string): boolean {
  return line.includes("|") && line.trim() !== "";
}

/**
 * Splits a row at its pipes, except escaped ones (`\|`) and ones inside `code`, where models often put
 * `a || b` without escaping it.
 */
function cellsOf(line: string): string[] {
  let row = line.trim();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|") && !row.endsWith("\\|")) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = "";
  let openCode = "";
  for (let index = 0; index < row.length; index++) {
    const character = row.charAt(index);
    if (character === "\\" && row.charAt(index + 1) === "|") {
      cell += "|";
      index++;
    } else if (character === "`") {
      const run = /^`+/.exec(row.slice(index))?.[0] ?? "`";
      if (openCode === "" && row.includes(run, index + run.length)) openCode = run;
      else if (run === openCode) openCode = "";
      cell += run;
      index += run.length - 1;
    } else if (character === "|" && openCode === "") {
      cells.push(cell);
      cell = "";
    } else {
      cell += character;
    }
  }
  cells.push(cell);
  return cells.map((each) => each.replace(/<br\s*\/?>/gi, "; ").trim());
}

function renderTable(headers: string[], rows: string[][]): string[] {
  if (rows.length === 0)
    return [
      headers
        .filter((header) => header !== "")
        .map(bold)
        .join(" · "),
    ];
  return rows.map((cells) => renderRow(headers, cells)).filter((line) => line !== "");
}

function renderRow(headers: string[], cells: string[]): string {
  const [first = "", ...rest] = cells;
  const labelled = rest
    .slice(0, headers.length - 1)
    .map((cell, index) => ({ cell, label: headers[index + 1] ?? "" }))
    .filter(({ cell }) => cell !== "")
    .map(({ cell, label }) => (label === "" ? cell : `${label}: ${cell}`));
  const parts = [first === "" ? "" : bold(first), labelled.join(" · ")].filter((part) => part !== "");
  return parts.length === 0 ? "" : `- ${parts.join(" — ")}`;
}

/** Bold, unless the cell already carries bold markers that a second pair would tangle with. */
function bold(cell: string): string {
  return cell.includes("**") ? cell : `**${cell}**`;
}
