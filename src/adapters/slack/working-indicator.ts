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
  show(status: string): Promise<void>;
  clear(): Promise<void>;
}

/** Shown on the question when the thread status is not available. */
const fallbackReaction = "hourglass_flowing_sand";

/**
 * "rte is thinking…" under the question. Slack's thread status (`assistant.threads.setStatus`) accepts
 * `chat:write` since 2026-03-05, "so channel-based apps can use AI loading states in channels"
 * (docs.slack.dev/changelog/2026/03/05/set-status-scope-update); it clears itself when the bot replies or
 * after two minutes. A workspace or app that refuses it (an older install without the scope, GovSlack)
 * gets a reaction on the question instead. The indicator is decoration: it never fails an answer, so
 * every error is logged at debug level and dropped here.
 */
export function createWorkingIndicator(
  client: WebClient,
  place: WorkingPlace,
  logger: Logger,
): WorkingIndicator {
  const setStatus = (status: string) =>
    client.assistant.threads.setStatus({ channel_id: place.channel, thread_ts: place.threadTs, status });
  const reaction = { channel: place.channel, timestamp: place.messageTs, name: fallbackReaction };

  /** The thread status, or where Slack refuses it, the reaction; `react` adds or removes it. */
  const indicate = async (status: string, react: () => Promise<unknown>) => {
    try {
      await setStatus(status);
    } catch (error) {
      logger.debug({ error: errorMessage(error) }, "working indicator: no thread status");
      if (!isSlackRefusal(error)) return;
      // already_reacted / no_reaction land here too: the reaction is as wanted.
      await react().catch((reactionError: unknown) =>
        logger.debug({ error: errorMessage(reactionError) }, "working indicator: no reaction"),
      );
    }
  };

  return {
    show: (status) => indicate(status, () => client.reactions.add(reaction)),
    clear: () => indicate("", () => client.reactions.remove(reaction)),
  };
}
