import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { type Ask, askId } from "../../core/ask.js";
import type { Submit } from "../../ingress/submit.js";
import type { TerminalOutcome, TerminalPlatform } from "./terminal-platform.js";

/**
 * One terminal conversation: every question goes through the same queue and worker as Slack's and
 * Discord's, and follow-ups share the session's thread so they carry context.
 */
export function createTerminalSession(submit: Submit, platform: TerminalPlatform) {
  const thread = randomUUID();
  const user = userInfo().username;
  return async function ask(text: string): Promise<TerminalOutcome> {
    const messageId = randomUUID();
    const question: Ask = {
      id: askId("terminal", thread, messageId),
      conversation: { platform: "terminal", workspace: hostname(), channel: "cli", thread },
      messageId,
      author: { id: user, name: user },
      text,
      trigger: "terminal",
      receivedAt: Date.now(),
    };
    const result = await submit(question);
    if (result.status === "refused") {
      process.stderr.write(`${result.reason}\n`);
      return { ok: false, notice: result.reason };
    }
    return platform.outcome(question.id);
  };
}
