import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { isSlackError, isSlackRefusal } from "./slack-client.js";

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
 * gets a reaction on the question instead. The indicator is
 * decoration: it never fails an answer, so every error is logged and dropped here.
 */
export function createWorkingIndicator(
  client: WebClient,
  place: WorkingPlace,
  logger: Logger,
): WorkingIndicator {
  const setStatus = (status: string) =>
    client.assistant.threads.setStatus({ channel_id: place.channel, thread_ts: place.threadTs, status });
  const reaction = { channel: place.channel, timestamp: place.messageTs, name: fallbackReaction };

  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      logger.debug({ error: errorMessage(error) }, `working indicator: could not ${what}`);
    }
  };

  return {
    async show(status) {
      try {
        await setStatus(status);
      } catch (error) {
        if (!isSlackRefusal(error)) return logger.debug({ error: errorMessage(error) }, "no thread status");
        await attempt("react", async () => {
          try {
            await client.reactions.add(reaction);
          } catch (reactionError) {
            if (!isSlackError(reactionError, "already_reacted")) throw reactionError;
          }
        });
      }
    },
    async clear() {
      try {
        await setStatus("");
      } catch (error) {
        if (!isSlackRefusal(error)) return logger.debug({ error: errorMessage(error) }, "no thread status");
        await attempt("remove the reaction", () => client.reactions.remove(reaction));
      }
    },
  };
}
