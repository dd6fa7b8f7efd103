import type { App } from "@slack/bolt";
import { askId } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { SessionAsks, ViewingContexts } from "./agent-state.js";
import { isTimestamp } from "./event-shape.js";
import { slackCall } from "./slack-client.js";
import type { SuggestedPrompt } from "./suggested-prompts.js";
import { describeViewing } from "./viewing-context.js";

export interface AgentListenerOptions {
  /** The suggested prompts for a workspace. */
  prompts: (team: string) => SuggestedPrompt[];
  viewing: ViewingContexts;
  sessions: SessionAsks;
  /** Stops the answer to this question, wherever it runs. */
  requestStop(askId: string): Promise<void>;
  logger: Logger;
}

/** The fields of these events rte reads (@slack/types `AppHomeOpenedEvent`, `AgentSessionStoppedEvent`, …). */
interface AgentEvent {
  user?: unknown;
  channel?: unknown;
  tab?: unknown;
  thread_ts?: unknown;
  context?: unknown;
}

/**
 * Slack's agent experience (manifest `features.agent_view`, docs.slack.dev/ai/migrating-to-agent-messaging):
 * - opening rte's messages tab (`app_home_opened`, `tab: "messages"`) sets suggested prompts drawn from the
 *   persona (no `thread_ts` under agent view);
 * - `app_context_changed` says what the person is looking at; rte keeps one sentence about it for a while
 *   and adds it to their next DM questions (event-listeners.ts);
 * - `agent_session_stopped` is the native Stop under a streamed answer: it names the channel and thread,
 *   and the stop reaches whichever worker runs that thread's answer.
 * Each is acknowledged after a short, bounded piece of work. Only a Stop that could not be stored fails the
 * delivery, so Slack sends it again; the rest is decoration a redelivery would only repeat.
 */
export function addAgentListeners(app: App, options: AgentListenerOptions): void {
  const { logger } = options;

  app.event("app_home_opened", async ({ event, body, client }) => {
    const fields = event as AgentEvent;
    if (fields.tab !== "messages" || typeof fields.channel !== "string") return;
    const channel = fields.channel;
    try {
      await slackCall("assistant.threads.setSuggestedPrompts", () =>
        client.assistant.threads.setSuggestedPrompts({
          channel_id: channel,
          title: "Ask the real-time engineer",
          prompts: options.prompts(body.team_id ?? ""),
        }),
      );
    } catch (error) {
      logger.debug({ error: errorMessage(error) }, "could not set suggested prompts");
    }
    await rememberViewing(fields, body, client);
  });

  const rememberViewing = async (fields: AgentEvent, body: { team_id?: string }, client: App["client"]) => {
    if (typeof fields.user !== "string" || fields.context === undefined) return;
    const team = body.team_id ?? "";
    try {
      const description = await describeViewing(client, fields.context);
      if (description === undefined) await options.viewing.forget(team, fields.user);
      else await options.viewing.remember(team, fields.user, description);
    } catch (error) {
      logger.warn({ error: errorMessage(error) }, "could not keep what a person in Slack is looking at");
    }
  };

  app.event("app_context_changed", async ({ event, body, client }) => {
    await rememberViewing(event as AgentEvent, body, client);
  });

  app.event("agent_session_stopped", async ({ event, body }) => {
    const { channel, thread_ts: threadTs } = event as AgentEvent;
    if (typeof channel !== "string" || !/^[CDG][A-Z0-9]{1,30}$/.test(channel) || !isTimestamp(threadTs)) {
      logger.debug(
        { channel: String(channel).slice(0, 40) },
        "agent_session_stopped without a channel and thread; ignored",
      );
      return;
    }
    // A thread's first question is named after its root; later ones were remembered when they were asked.
    const stopped =
      (await options.sessions.latest(channel, threadTs)) ??
      askId("slack", body.team_id ?? "", channel, threadTs);
    await options.requestStop(stopped);
    logger.debug({ askId: stopped }, "slack agent session stopped");
  });
}
