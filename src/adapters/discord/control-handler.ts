import { type API, type APIInteraction, InteractionType, MessageFlags } from "@discordjs/core/http-only";
import { errorMessage } from "../../core/errors.js";
import type { Feedback } from "../../core/feedback.js";
import type { Logger } from "../../core/logger.js";
import { type Control, commentModal, commentOf, readControl } from "./answer-controls.js";
import { discordErrorCodes, isDiscordError } from "./discord-errors.js";
import { noMentions } from "./rest-messenger.js";

export interface ControlHandlerOptions {
  api: API;
  /** Stops the answer to this question, wherever it runs. */
  requestStop(askId: string): Promise<void>;
  recordFeedback(feedback: Feedback): Promise<void>;
  logger: Logger;
  /** Seconds from receiving the click to Discord accepting the response (the 3 s deadline). */
  onAcknowledged?: (seconds: number) => void;
  /** Once per 👍/👎 click (a comment sent afterwards is not a second verdict). */
  onFeedback?: (verdict: Feedback["verdict"]) => void;
  now?: () => number;
}

const thanks = "Thanks for the feedback!";
const thanksForComment = "Thanks, that helps.";
const notSaved = "I couldn't save that just now. Please try again in a minute.";
const notStopped = "I couldn't stop the answer just now. Please try again.";

/**
 * Clicks on an answer's buttons (MESSAGE_COMPONENT) and the 👎 comment form's submit (MODAL_SUBMIT), at the
 * edge. Each is answered within Discord's 3 s with what the click needs: Stop a silent deferred update (the
 * answer itself then says "(Stopped.)"), 👍 an ephemeral thanks, 👎 the comment form (its verdict is stored
 * at once, so closing the form loses nothing), the form's submit an ephemeral thanks. Storing goes first: it
 * is one Redis write, and a failure can then be said in the response.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export function createControlHandler(options: ControlHandlerOptions) {
  const { api, logger } = options;
  const now = options.now ?? Date.now;

  return async function handleControl(interaction: APIInteraction): Promise<void> {
    const receivedAt = now();
    const control = controlOf(interaction);
    if (!control) return;
    const userId = interaction.member?.user.id ?? interaction.user?.id ?? "unknown";
    const onlyToClicker = (content: string) =>
      api.interactions.reply(interaction.id, interaction.token, {
        content,
        flags: MessageFlags.Ephemeral,
        allowed_mentions: noMentions,
      });
    const acted = async (action: () => Promise<void>, respond: () => Promise<unknown>, notice: string) => {
      try {
        await action();
      } catch (error) {
        logger.error(
          { askId: control.askId, control: control.action, error: errorMessage(error) },
          "could not act on a button",
        );
        return respondOnce(() => onlyToClicker(notice));
      }
      await respondOnce(respond);
    };
    const respondOnce = async (respond: () => Promise<unknown>) => {
      try {
        await respond();
        options.onAcknowledged?.((now() - receivedAt) / 1000);
      } catch (error) {
        // 40060: another ingress process (or an earlier delivery of this event) answered it.
        if (!isDiscordError(error, discordErrorCodes.interactionAlreadyAcknowledged)) throw error;
      }
    };
    const feedback = (verdict: Feedback["verdict"], comment?: string): Feedback => ({
      askId: control.askId,
      verdict,
      userId,
      at: now(),
      ...(comment === undefined ? {} : { comment }),
    });

    switch (control.action) {
      case "stop":
        return acted(
          () => options.requestStop(control.askId),
          () => api.interactions.deferMessageUpdate(interaction.id, interaction.token),
          notStopped,
        );
      case "up":
      case "down": {
        const verdict = control.action;
        return acted(
          async () => {
            await options.recordFeedback(feedback(verdict));
            options.onFeedback?.(verdict);
          },
          () =>
            verdict === "up"
              ? onlyToClicker(thanks)
              : api.interactions.createModal(interaction.id, interaction.token, commentModal(control.askId)),
          notSaved,
        );
      }
      case "comment": {
        const comment =
          interaction.type === InteractionType.ModalSubmit ? commentOf(interaction.data) : undefined;
        return acted(
          () =>
            comment === undefined ? Promise.resolve() : options.recordFeedback(feedback("down", comment)),
          () => onlyToClicker(comment === undefined ? thanks : thanksForComment),
          notSaved,
        );
      }
    }
  };
}

/** A click on one of rte's buttons, or the submit of its comment form; anything else is not ours. */
function controlOf(interaction: APIInteraction): Control | undefined {
  if (interaction.type === InteractionType.MessageComponent) {
    const control = readControl(interaction.data.custom_id);
    return control?.action === "comment" ? undefined : control;
  }
  if (interaction.type === InteractionType.ModalSubmit) {
    const control = readControl(interaction.data.custom_id);
    return control?.action === "comment" ? control : undefined;
  }
  return undefined;
}
