import type { Logger } from "../../src/core/logger.js";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  bindings: object;
  message: string | undefined;
}

/** A Logger that keeps every line (with its child bindings merged in), for tests that check what was said. */
export function createRecordingLogger(
  lines: LogLine[] = [],
  bound: object = {},
): Logger & { lines: LogLine[] } {
  const write =
    (level: LogLine["level"]) =>
    (bindings: object, message?: string): void => {
      lines.push({ level, bindings: { ...bound, ...bindings }, message });
    };
  return {
    lines,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (bindings) => createRecordingLogger(lines, { ...bound, ...bindings }),
  };
}
