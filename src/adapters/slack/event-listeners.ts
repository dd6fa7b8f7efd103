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

/** One `app_mention` or `message` event, with what Bolt's context would say about it. */
export interface MessageEventInput {
  event: unknown;
  /** The workspace the app is installed in (the delivery's first authorization, else its team_id). */
  teamId: string;
  /** The bot's own user id (auth.test `user_id`). */
  botUserId: string;
  /** Slack's `X-Slack-Retry-Num`, when this is a redelivery. */
  retryNum?: number | undefined;
}

/** Handles one event; rejects only when the question could not be stored (then Slack must deliver it again). */
export type MessageEventHandler = (input: MessageEventInput) => Promise<void>;

/**
 * Mentions, thread follow-ups and DMs: map, filter, accept, acknowledge. Both `app_mention` and `message`
 * are subscribed (follow-ups and DMs only come as `message`); `decideSlackEvent` gives a mention the same
 * Ask on either path. A handler that throws makes the HTTP route (or Bolt) answer 500, or Socket Mode
 * withhold the ack (`DeferredAckReceiver`), so Slack delivers the event again. Over HTTP the route calls it
 * straight from the verified delivery (slack-ingress.ts); over Socket Mode Bolt's listeners do.
 */
export function createMessageEventHandler(
  options: EventListenerOptions & { client: WebClient },
): MessageEventHandler {
  const { accept, joined, logger, client } = options;
  const handle = async (input: MessageEventInput, receivedAt: number) => {
    const decision = decideSlackEvent(input.event, {
      botUserId: input.botUserId,
      teamId: input.teamId,
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
    logger.debug({ askId: ask.id, status: result.status, retry: input.retryNum ?? 0 }, "slack question");
    if (result.status === "queued" && direct) {
      await options.sessions?.remember(ask.conversation.channel, ask.conversation.thread, ask.id);
    }
    // The refusal does not hold the acknowledgement. A queued question gets no "is thinking…" from here:
    // the worker shows it once the asker has waited (slack-platform.ts), and the ack waits for nothing but
    // the enqueue; a status call was about half of what a question cost ingress (docs/performance.md).
    if (result.status === "refused" && !result.silent) void tellRefusal(client, ask, result.reason, logger);
  };
  return async (input) => {
    const receivedAt = options.now();
    try {
      await handle(input, receivedAt);
    } finally {
      options.acknowledged?.(receivedAt);
    }
  };
}

/** The parts of Bolt's listener arguments these listeners read. */
interface EventArgs {
  event: unknown;
  body: { team_id?: string };
  context: { botUserId?: string; teamId?: string; retryNum?: number };
}

/** The same handler as Bolt listeners, for deliveries that reach Bolt (Socket Mode). */
export function addEventListeners(app: App, handle: MessageEventHandler): void {
  const onEvent = ({ event, body, context }: EventArgs) =>
    handle({
      event,
      teamId: context.teamId ?? body.team_id ?? "",
      botUserId: context.botUserId ?? "",
      retryNum: context.retryNum,
    });
  app.event("app_mention", onEvent);
  app.event("message", onEvent);
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
