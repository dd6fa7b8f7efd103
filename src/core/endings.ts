import type { ReplyEnding } from "./platform.js";

/**
 * The closing line each platform appends when an answer did not end normally. One wording for every
 * platform, so users learn it once.
 */
export function endingNotice(ending: ReplyEnding): string | undefined {
  switch (ending.kind) {
    case "complete":
      return undefined;
    case "cut-at-length":
      return "_(Answer cut at the length limit — reply `continue` and I'll pick up where I stopped.)_";
    case "refused":
      return "_(I can't help with that one. Rephrase the question, or ask about the engineering problem behind it.)_";
    case "context-too-long":
      return "_(This thread is longer than I can read at once. Start a new thread with a summary of what matters.)_";
  }
}
