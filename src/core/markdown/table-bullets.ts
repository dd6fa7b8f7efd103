import type { TableCell, TableMark } from "./markdown-outline.js";

/**
 * A GFM table, which neither Discord nor Slack's Markdown renders, as one bullet per row: the first cell
 * bold and the rest labelled by their column.
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
 * `cellText` gives a cell's Markdown as the rest of the prose is rewritten; `prefix` goes before every
 * line but the first, so a table in a list item or a quote stays there.
 */
export function tableAsBullets(
  table: TableMark,
  cellText: (cell: TableCell) => string,
  prefix: string,
): string {
  const [header, ...rows] = table.rows.map((row) => row.map((cell) => cleanCell(cellText(cell))));
  const headers = header ?? [];
  const lines =
    rows.length === 0
      ? [
          headers
            .filter((cell) => cell !== "")
            .map(bold)
            .join(" · "),
        ]
      : rows.map((cells) => bulletOf(headers, cells));
  return lines.filter((line) => line !== "").join(`\n${prefix}`);
}

/**
 * In a table a pipe inside a cell, code included, is written `\|`; out of the table it is just a pipe.
 * Models break lines inside cells with `<br>`.
 */
function cleanCell(text: string): string {
  return text
    .replaceAll("\\|", "|")
    .replace(/\s*<br\s*\/?>\s*/gi, "; ")
    .replace(/^(; )+|(; )+$/g, "")
    .trim();
}

function bulletOf(headers: string[], cells: string[]): string {
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
