/** Tables printed as Markdown, so the terminal output can be pasted into the README as it is. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** A number for a table: "–" when missing, thousands separated, one decimal below 100. */
export function formatNumber(value: number | undefined, unit = ""): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded.toLocaleString("en-US")}${unit}`;
}

/** rte / naive, "–" when either is missing or the naive value is 0. */
export function ratio(rte: number | undefined, naive: number | undefined): string {
  if (
    rte === undefined ||
    naive === undefined ||
    !Number.isFinite(rte) ||
    !Number.isFinite(naive) ||
    naive === 0
  ) {
    return "–";
  }
  const value = rte / naive;
  return `${value >= 10 ? Math.round(value) : Math.round(value * 100) / 100}×`;
}
