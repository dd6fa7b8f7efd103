import type { WebClient } from "@slack/web-api";
import type { Ask } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Messenger } from "../../core/message-reply.js";
import { isSlackError } from "./slack-client.js";

/** Answers meaning "this app or workspace has no agent sessions", so the process stops asking. */
const sessionsUnavailable = [
  "not_agent_app",
  "unknown_method",
  "method_deprecated",
  "missing_scope",
  "feature_not_enabled",
  "not_allowed_token_type",
];

/** A session title is a line in Slack's history list: the start of the question. */
const titleLength = 80;

/**
 * Slack's agent session for a DM thread (`agents.sessions.setStatus`, docs.slack.dev/reference/methods/
 * agents.sessions.setStatus): `processing` while rte answers, `active` once the answer has ended, however
 * it ended. The first question of a thread names the session. Like the thread status, this is decoration:
 * a workspace without agent sessions (`not_agent_app`, an older install) refuses it and the answer goes on.
 */
export function withAgentSession(
  messenger: Messenger,
  client: WebClient,
  ask: Ask,
  logger: Logger,
  /** Called when Slack says this app or workspace has no agent sessions. */
  onUnsupported: () => void = () => {},
): Messenger {
  const { channel, thread } = ask.conversation;
  const setStatus = async (status: "processing" | "active", title?: string) => {
    try {
      await client.agents.sessions.setStatus({
        channel_id: channel,
        thread_ts: thread,
        status,
        ...(title === undefined ? {} : { title }),
      });
    } catch (error) {
      logger.debug({ status, error: errorMessage(error) }, "agent session status not set");
      if (isSlackError(error, ...sessionsUnavailable)) onUnsupported();
    }
  };
  const first = ask.messageId === thread;
  const title = sessionTitle(ask.text);
  let started: Promise<void> | undefined;
  const start = async () => {
    started ??= (async () => {
      await setStatus("processing", title);
      // setStatus names a session only when it creates one; Slack may have made it when the DM arrived.
      if (!first) return;
      await client.agents.sessions
        .rename({ channel_id: channel, thread_ts: thread, title })
        .catch((error: unknown) => logger.debug({ error: errorMessage(error) }, "agent session not renamed"));
    })();
    await started;
  };
  return {
    ...messenger,
    async post(text, position) {
      await start();
      return messenger.post(text, position);
    },
    async showWorking(status) {
      if (status !== undefined) await start();
      await messenger.showWorking?.(status);
    },
    async ended(answer) {
      await messenger.ended?.(answer);
      await setStatus("active");
    },
  };
}

/** The question's first line, without the Slack context rte adds, cut to a title. */
export function sessionTitle(question: string): string {
  const line = question.split("\n").find((candidate) => candidate.trim() !== "") ?? "Question";
  const flat = line.replace(/\s+/g, " ").trim();
  return flat.length > titleLength ? `${flat.slice(0, titleLength - 1)}…` : flat;
}
