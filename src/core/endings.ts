import type { ReplyEnding } from "./platform.js";

/**
 * The closing lines a reply appends when an answer did not end normally or did not see the whole thread.
 * One wording for every platform, so users learn it once.
 */
export function endingNotice(ending: ReplyEnding): string | undefined {
  const lines = [stopNotice(ending.kind), omittedNotice(ending.omittedTurns ?? 0)].filter(
    (line) => line !== undefined,
  );
  return lines.length > 0 ? lines.join("\n") : undefined;
}

function stopNotice(kind: ReplyEnding["kind"]): string | undefined {
  switch (kind) {
    case "complete":
      return undefined;
    case "cut-at-length":
      return "_(Answer cut at the length limit — reply `continue` and I'll pick up where I stopped.)_";
    case "paused":
      return "_(I stopped after a long run of searches and code — reply `continue` and I'll carry on.)_";
    case "refused":
      return "_(I can't help with that one. Rephrase the question, or ask about the engineering problem behind it.)_";
    case "context-too-long":
      return "_(This thread is longer than I can read at once. Start a new thread with a summary of what matters.)_";
    case "stopped":
      return "_(Stopped.)_";
  }
}

function omittedNotice(omittedTurns: number): string | undefined {
  if (omittedTurns === 0) return undefined;
  return `_(The ${omittedTurns} oldest message${omittedTurns === 1 ? "" : "s"} of this thread did not fit in my context and were left out.)_`;
}
