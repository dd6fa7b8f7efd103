import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Ask } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { JoinedConversations } from "../../core/shared-state.js";
import type { AcceptQuestion } from "./accept-question.js";
import type { SessionAsks, ViewingContexts } from "./agent-state.js";
import { decideSlackEvent } from "./slack-events.js";
import { withViewingContext } from "./viewing-context.js";
import { createWorkingIndicator } from "./working-indicator.js";

export interface EventListenerOptions {
  accept: AcceptQuestion;
  joined: JoinedConversations;
  logger: Logger;
  now: () => number;
  /** Called when an event is handled, with when it was received: the ack goes out right after. */
  acknowledged?: (receivedAt: number) => void;
  /** What DM askers are looking at in Slack's agent view, added to their questions. */
  viewing?: ViewingContexts;
  /** Each DM thread's question being answered, for the agent view's Stop. */
  sessions?: SessionAsks;
}

/**
 * Mentions, thread follow-ups and DMs: map, filter, accept, acknowledge. Both `app_mention` and `message`
 * are subscribed (follow-ups and DMs only come as `message`); `decideSlackEvent` gives a mention the same
 * Ask on either path. A listener that throws makes Bolt answer 500 (HTTP, with `processBeforeResponse`)
 * or withhold the ack (Socket Mode, `DeferredAckReceiver`), so Slack delivers the event again.
 */
/** The parts of Bolt's listener arguments these listeners read. */
interface EventArgs {
  event: unknown;
  body: { team_id?: string };
  context: { botUserId?: string; teamId?: string; retryNum?: number };
  client: WebClient;
}

export function addEventListeners(app: App, options: EventListenerOptions): void {
  const { accept, joined, logger } = options;
  const handle = async ({ event, body, context, client }: EventArgs, receivedAt: number) => {
    const decision = decideSlackEvent(event, {
      botUserId: context.botUserId ?? "",
      teamId: context.teamId ?? body.team_id ?? "",
      receivedAt,
    });
    if (decision.kind === "ignore") {
      logger.debug({ reason: decision.reason }, "slack event ignored");
      return;
    }
    const direct = decision.ask.trigger === "direct-message";
    const viewed = direct
      ? await options.viewing?.read(decision.ask.conversation.workspace, decision.ask.author.id)
      : undefined;
    const ask = withViewingContext(decision.ask, viewed);
    if (decision.followUp && !(await joined.hasJoined(ask.conversation))) {
      logger.debug({ askId: ask.id }, "slack reply in a thread rte is not part of; ignored");
      return;
    }
    const result = await accept(ask);
    logger.debug({ askId: ask.id, status: result.status, retry: context.retryNum ?? 0 }, "slack question");
    // Neither waits: the acknowledgement only has to wait for the enqueue.
    if (result.status === "queued" && direct) {
      await options.sessions?.remember(ask.conversation.channel, ask.conversation.thread, ask.id);
    }
    if (result.status === "queued") void showWorking(client, ask, logger);
    if (result.status === "refused" && !result.silent) void tellRefusal(client, ask, result.reason, logger);
  };
  const onEvent = async (args: EventArgs) => {
    const receivedAt = options.now();
    try {
      await handle(args, receivedAt);
    } finally {
      options.acknowledged?.(receivedAt);
    }
  };
  app.event("app_mention", onEvent);
  app.event("message", onEvent);
}

/** The status appears within a second of the question, before a worker picks it up; the worker clears it. */
async function showWorking(client: WebClient, ask: Ask, logger: Logger): Promise<void> {
  const { channel, thread } = ask.conversation;
  await createWorkingIndicator(client, { channel, threadTs: thread, messageTs: ask.messageId }, logger).show(
    "is thinking…",
  );
}

/** A refusal (rate limit, allowlist, empty question) is for the asker's eyes only. */
async function tellRefusal(client: WebClient, ask: Ask, reason: string, logger: Logger): Promise<void> {
  const { channel, thread } = ask.conversation;
  try {
    await client.chat.postEphemeral({
      channel,
      user: ask.author.id,
      text: reason,
      ...(thread === ask.messageId ? {} : { thread_ts: thread }),
    });
  } catch (error) {
    logger.warn({ askId: ask.id, error: errorMessage(error) }, "could not tell the asker why rte declined");
  }
}
