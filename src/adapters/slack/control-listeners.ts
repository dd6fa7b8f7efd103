import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../core/errors.js";
import type { Feedback } from "../../core/feedback.js";
import type { Logger } from "../../core/logger.js";
import { commentOf, commentView, commentViewId, readControl } from "./answer-controls.js";
import { slackCall } from "./slack-client.js";

export interface ControlListenerOptions {
  /** Stops the answer to this question, wherever it runs. */
  requestStop(askId: string): Promise<void>;
  recordFeedback(feedback: Feedback): Promise<void>;
  /** Once per 👍/👎 click (a comment sent afterwards is not a second verdict). */
  onFeedback?: (verdict: Feedback["verdict"]) => void;
  logger: Logger;
  now: () => number;
}

const thanks = "Thanks for the feedback!";
const notSaved = "I couldn't save that just now. Please try again in a minute.";
const notStopped = "I couldn't stop the answer just now. Please try again.";

/** The parts of a `block_actions` payload these listeners read. */
interface ActionBody {
  trigger_id?: unknown;
  user?: { id?: unknown };
  channel?: { id?: unknown };
  message?: { thread_ts?: unknown; ts?: unknown };
}

/**
 * Clicks on an answer's buttons (`block_actions`) and the 👎 comment modal's submit (`view_submission`), at
 * the edge. Each is acknowledged at once (Slack wants it within 3 s); then Stop asks the worker to stop
 * (the answer itself then says "(Stopped.)"), 👍 stores the verdict and thanks the clicker privately, 👎
 * stores it and opens the comment modal (its trigger_id is good for 3 s), the modal's submit stores the
 * comment. A failure to store is said to the clicker, privately.
 * https://docs.slack.dev/interactivity/handling-user-interaction
 */
export function addControlListeners(app: App, options: ControlListenerOptions): void {
  const { logger } = options;
  // Every click is acknowledged, rte's or not: an unacknowledged one waits out Bolt's 3 s and gets a 404.
  app.action({ type: "block_actions" }, async ({ ack, action, body, client }) => {
    await ack();
    const control = readControl(action);
    if (!control) return;
    const fields = body as ActionBody;
    const userId = typeof fields.user?.id === "string" ? fields.user.id : "unknown";
    const tell = (text: string) => tellClicker(client, fields, userId, text, logger);
    const acted = async (act: () => Promise<void>, notice: string) => {
      try {
        await act();
        return true;
      } catch (error) {
        logger.error(
          { askId: control.askId, control: control.action, error: errorMessage(error) },
          "could not act on a button",
        );
        await tell(notice);
        return false;
      }
    };
    if (control.action === "stop") {
      await acted(() => options.requestStop(control.askId), notStopped);
      return;
    }
    const verdict = control.action;
    const saved = await acted(async () => {
      await options.recordFeedback({ askId: control.askId, verdict, userId, at: options.now() });
      options.onFeedback?.(verdict);
    }, notSaved);
    if (!saved) return;
    if (verdict === "up" || typeof fields.trigger_id !== "string") return tell(thanks);
    const triggerId = fields.trigger_id;
    try {
      await slackCall("views.open", () =>
        client.views.open({ trigger_id: triggerId, view: commentView(control.askId) }),
      );
    } catch (error) {
      // The verdict is stored; the comment is a bonus.
      logger.warn({ askId: control.askId, error: errorMessage(error) }, "could not open the comment form");
      await tell(thanks);
    }
  });

  app.view(commentViewId, async ({ ack, view, body }) => {
    await ack();
    const askId = view.private_metadata;
    const comment = commentOf(view);
    if (comment === undefined || !/^slack-[\w.-]{1,200}$/.test(askId)) return;
    const userId = typeof body.user?.id === "string" ? body.user.id : "unknown";
    try {
      await options.recordFeedback({ askId, verdict: "down", userId, comment, at: options.now() });
    } catch (error) {
      logger.error({ askId, error: errorMessage(error) }, "could not store a feedback comment");
    }
  });
}

/** A word only the clicker sees, in the answer's thread. */
async function tellClicker(
  client: WebClient,
  body: ActionBody,
  user: string,
  text: string,
  logger: Logger,
): Promise<void> {
  const channel = body.channel?.id;
  if (typeof channel !== "string") return;
  const threadTs = body.message?.thread_ts;
  try {
    await client.chat.postEphemeral({
      channel,
      user,
      text,
      ...(typeof threadTs === "string" ? { thread_ts: threadTs } : {}),
    });
  } catch (error) {
    logger.warn({ error: errorMessage(error) }, "could not answer a button click");
  }
}
