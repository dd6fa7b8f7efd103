import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { isSlackRefusal } from "./slack-client.js";

/** Where a question was asked: the thread shows the status, the message carries the fallback reaction. */
export interface WorkingPlace {
  channel: string;
  threadTs: string;
  messageTs: string;
}

export interface WorkingIndicator {
  /** Shows `status`; the first one waits until `firstShowAt` (see `createWorkingIndicator`). */
  show(status: string): Promise<void>;
  /** Takes the status (or the reaction) away; no call when Slack shows neither. */
  clear(): Promise<void>;
  /**
   * Runs one reply (a post or a stream start) in the thread: a status still waiting is dropped, one being
   * set lands first, and afterwards the status counts as gone, since Slack clears it when the app replies.
   */
  replying<T>(post: () => Promise<T>): Promise<T>;
}

export interface WorkingIndicatorOptions {
  /**
   * Epoch ms before which the first status is not shown: it only says "rte is thinking…" once the asker
   * has waited long enough to wonder. An answer whose first text comes sooner costs no status call at all.
   * Undefined shows it at once.
   */
  firstShowAt?: number;
  now?: () => number;
}

/** Shown on the question when the thread status is not available. */
const fallbackReaction = "hourglass_flowing_sand";

/**
 * "rte is thinking…" under the question. Slack's thread status (`assistant.threads.setStatus`) accepts
 * `chat:write` since 2026-03-05, "so channel-based apps can use AI loading states in channels"
 * (docs.slack.dev/changelog/2026/03/05/set-status-scope-update). "The status will be automatically cleared
 * when the app sends a reply" (docs.slack.dev/reference/methods/assistant.threads.setStatus), so the
 * indicator keeps track of what Slack shows and calls only when that changes: a status the answer's first
 * message already cleared is not cleared again. A workspace or app that refuses the status (an older
 * install without the scope, GovSlack) gets a reaction on the question instead, which stays until cleared.
 * The indicator is decoration: it never fails an answer, so every error is logged at debug level and
 * dropped here.
 */
export function createWorkingIndicator(
  client: WebClient,
  place: WorkingPlace,
  logger: Logger,
  options: WorkingIndicatorOptions = {},
): WorkingIndicator {
  const now = options.now ?? Date.now;
  const reaction = { channel: place.channel, timestamp: place.messageTs, name: fallbackReaction };
  /** What Slack shows now, as far as this indicator knows. */
  let shown: "nothing" | "status" | "reaction" = "nothing";
  let firstShowAt = options.firstShowAt;
  let waiting: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const setStatus = async (status: string): Promise<void> => {
    try {
      await client.assistant.threads.setStatus({
        channel_id: place.channel,
        thread_ts: place.threadTs,
        status,
      });
      shown = status === "" ? "nothing" : "status";
    } catch (error) {
      logger.debug({ error: errorMessage(error) }, "working indicator: no thread status");
      if (!isSlackRefusal(error)) return;
      // already_reacted / no_reaction land here too: the reaction is as wanted.
      const react = status === "" ? client.reactions.remove(reaction) : client.reactions.add(reaction);
      await react.catch((reactionError: unknown) =>
        logger.debug({ error: errorMessage(reactionError) }, "working indicator: no reaction"),
      );
      shown = status === "" ? "nothing" : "reaction";
    }
  };

  /** One call at a time, in order: a clear never overtakes the status it clears. */
  const enqueue = (status: string): Promise<void> => {
    inFlight = inFlight.then(() => setStatus(status));
    return inFlight;
  };

  const cancelWaiting = () => {
    clearTimeout(waiting);
    waiting = undefined;
  };

  return {
    async show(status) {
      cancelWaiting();
      const delayMs = (firstShowAt ?? 0) - now();
      firstShowAt = undefined;
      if (delayMs <= 0) return enqueue(status);
      waiting = setTimeout(() => {
        waiting = undefined;
        void enqueue(status);
      }, delayMs);
      waiting.unref?.();
    },
    async clear() {
      cancelWaiting();
      await inFlight;
      if (shown !== "nothing") await enqueue("");
    },
    async replying(post) {
      cancelWaiting();
      await inFlight;
      const result = await post();
      if (shown === "status") shown = "nothing";
      return result;
    },
  };
}
