import { describe, expect, it } from "vitest";
import { tablesToText } from "./tables.js";

describe("tablesToText", () => {
  it("turns each row into a bullet led by its first cell", () => {
    const table = [
      "Options:",
      "",
      "| Transport | Latency | Direction |",
      "|:---|:---:|---:|",
      "| SSE | low | server to client |",
      "| WebSocket | lowest | both ways |",
      "",
      "Pick one.",
    ].join("\n");
    expect(tablesToText(table)).toBe(
      [
        "Options:",
        "",
        "- **SSE** — Latency: low · Direction: server to client",
        "- **WebSocket** — Latency: lowest · Direction: both ways",
        "",
        "Pick one.",
      ].join("\n"),
    );
  });

  it("reads rows without outer pipes, escaped pipes and pipes inside code", () => {
    const table = "Check | Command\n--- | ---\nEither | `a || b`\nPipe | a \\| b";
    expect(tablesToText(table)).toBe("- **Either** — Command: `a || b`\n- **Pipe** — Command: a | b");
  });

  it("skips empty cells, drops extra cells, and keeps a first cell that is already bold", () => {
    const table = "| Name | A | B |\n| - | - | - |\n| **x** | | 2 | extra |\n| | 1 | |";
    expect(tablesToText(table)).toBe("- **x** — B: 2\n- A: 1");
  });

  it("turns <br> inside a cell into a separator", () => {
    expect(tablesToText("| Step | Notes |\n|---|---|\n| 1 | one<br>two<br/>three |")).toBe(
      "- **1** — Notes: one; two; three",
    );
  });

  it("keeps a blank line between the bullets and text that follows the table directly", () => {
    expect(tablesToText("| a | b |\n|---|---|\n| 1 | 2 |\nNext paragraph.")).toBe(
      "- **1** — b: 2\n\nNext paragraph.",
    );
  });

  it("keeps a table's indentation and CRLF line endings", () => {
    expect(tablesToText("1. Compare:\r\n   | a | b |\r\n   |---|---|\r\n   | 1 | 2 |\r\n")).toBe(
      "1. Compare:\r\n   - **1** — b: 2\r\n",
    );
  });

  it("renders a table with no rows as its headers", () => {
    expect(tablesToText("| a | b |\n|---|---|")).toBe("**a** · **b**");
  });

  it("leaves tables inside code fences alone", () => {
    const fenced = "```md\n| a | b |\n|---|---|\n| 1 | 2 |\n```";
    expect(tablesToText(fenced)).toBe(fenced);
    expect(tablesToText(`${fenced}\n\n| c | d |\n|---|---|\n| 3 | 4 |`)).toBe(`${fenced}\n\n- **3** — d: 4`);
  });

  it("leaves alone what only looks like a table", () => {
    const notTables = [
      "Title\n---",
      "a | b\nplain line",
      "| a | b |\n|---|---|---|\n| 1 | 2 |",
      "x | y\n| --- | text |",
      "Use `a | b` to pipe.",
    ];
    for (const text of notTables) expect(tablesToText(text)).toBe(text);
  });
});
