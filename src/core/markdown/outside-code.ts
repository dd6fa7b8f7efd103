import { type FenceReading, scanLines } from "./fences.js";

/**
 * Rewrites only the prose of a Markdown text: each run of lines outside fenced code blocks goes through
 * `transform` and everything else (fences included) comes back byte for byte.
 */
export function mapOutsideFences(
  markdown: string,
  transform: (prose: string) => string,
  reading: FenceReading = "lenient",
): string {
  const output: string[] = [];
  let prose: string[] = [];
  const flush = (): void => {
    if (prose.length > 0) output.push(transform(prose.join("\n")));
    prose = [];
  };
  for (const line of scanLines(markdown, reading)) {
    if (line.role === "prose") {
      prose.push(line.text);
    } else {
      flush();
      output.push(line.text);
    }
  }
  flush();
  return output.join("\n");
}

/**
 * For escaping that keeps people safe: rewrites all text except what every renderer shows as code, so
 * in doubt text counts as prose, and at worst something inside code gets escaped. Fences are read
 * strictly, and inline code spans (`like this`) are skipped only when closed on the same line: CommonMark
 * lets a span cross line breaks, but then a stray backtick would shield everything up to a distant one.
 */
export function mapOutsideCode(markdown: string, transform: (prose: string) => string): string {
  return mapOutsideFences(
    markdown,
    (prose) =>
      prose
        .split("\n")
        .map((line) => mapOutsideInlineCode(line, transform))
        .join("\n"),
    "strict",
  );
}

function mapOutsideInlineCode(line: string, transform: (prose: string) => string): string {
  let output = "";
  let proseStart = 0;
  const runs = /`+/g;
  for (let run = runs.exec(line); run !== null; run = runs.exec(line)) {
    const closing = findClosingRun(line, run[0].length, run.index + run[0].length);
    if (closing === undefined) continue;
    const spanEnd = closing + run[0].length;
    output += transform(line.slice(proseStart, run.index)) + line.slice(run.index, spanEnd);
    proseStart = spanEnd;
    runs.lastIndex = spanEnd;
  }
  return output + transform(line.slice(proseStart));
}

/** The start of the next run of exactly `length` backticks from `from`, if any. */
function findClosingRun(line: string, length: number, from: number): number | undefined {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(line); run !== null; run = runs.exec(line)) {
    if (run[0].length === length) return run.index;
  }
  return undefined;
}
