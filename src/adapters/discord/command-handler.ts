import { type API, type APIInteraction, MessageFlags } from "@discordjs/core/http-only";
import type { Ask } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Submit } from "../../ingress/submit.js";
import type { Allowlist } from "./allowlist.js";
import { type CommandRequest, commandAsk, commandPlace, questionEcho, readCommand } from "./command-ask.js";
import { cannotReach, directMessagePlace, directQuestion } from "./direct-question.js";
import { discordErrorCodes, isDiscordError } from "./discord-errors.js";
import { botIsPresent } from "./message-command.js";
import { couldNotQueue } from "./message-handler.js";
import { noMentions } from "./rest-messenger.js";

export interface CommandHandlerOptions {
  api: API;
  allowed: Allowlist;
  submit: Submit;
  logger: Logger;
  /** Seconds from receiving the interaction to Discord accepting the deferral (the 3 s deadline). */
  onAcknowledged?: (seconds: number) => void;
  now?: () => number;
}

const emptyQuestion =
  "What would you like to ask? For example: `/rte question: how do I scale socket.io past one node?`";
const notHere = "rte is not enabled in this channel. Ask an admin to add it to RTE_ALLOWED_CHANNELS.";

/**
 * `/rte` at the edge. Discord wants a response within 3 s and the token dies after 15 minutes, so nothing
 * after this function uses the token: it defers at once, shows the question as the response message, and
 * enqueues an ordinary Ask for that message's conversation (the thread the worker starts from it, or the
 * thread or DM it was used in). Refusals are told only to the asker (ephemeral).
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export function createCommandHandler(options: CommandHandlerOptions) {
  const { api, logger } = options;
  const now = options.now ?? Date.now;

  const onlyToAsker = (request: CommandRequest, content: string) =>
    api.interactions.reply(request.interactionId, request.token, {
      content,
      flags: MessageFlags.Ephemeral,
      allowed_mentions: noMentions,
    });

  /**
   * `/rte` from a user install where the bot cannot post (message-command.ts `botIsPresent`): the question
   * moves to the asker's DM with the bot, and the private reply says so.
   */
  const answerInDirectMessage = async (request: CommandRequest, receivedAt: number) => {
    if (!options.allowed(directMessagePlace)) return onlyToAsker(request, notHere);
    let ask: Ask;
    try {
      ask = await directQuestion(api, request.author, request.question, receivedAt);
    } catch (error) {
      logger.warn({ error: errorMessage(error) }, "could not open a DM for /rte");
      return onlyToAsker(request, cannotReach(request.applicationId));
    }
    await onlyToAsker(request, "I'm not in this conversation, so I'm answering in our DM.");
    const result = await options.submit(ask);
    if (result.status === "refused") {
      if (!result.silent) {
        await api.interactions
          .followUp(request.applicationId, request.token, {
            content: result.reason,
            flags: MessageFlags.Ephemeral,
            allowed_mentions: noMentions,
          })
          .catch((error: unknown) => logger.warn({ error: errorMessage(error) }, "could not tell the asker"));
      }
    }
  };

  return async function handleInteraction(interaction: APIInteraction): Promise<void> {
    const receivedAt = now();
    const request = readCommand(interaction);
    if (!request) return;
    const log = logger.child({ interactionId: request.interactionId });
    if (request.question === "") return onlyToAsker(request, emptyQuestion);
    if (!botIsPresent(interaction)) return answerInDirectMessage(request, receivedAt);
    if (!options.allowed(commandPlace(request))) return onlyToAsker(request, notHere);
    try {
      await api.interactions.defer(request.interactionId, request.token);
      options.onAcknowledged?.((now() - receivedAt) / 1000);
    } catch (error) {
      // 40060: another ingress process (or an earlier delivery of this event) took it.
      if (isDiscordError(error, discordErrorCodes.interactionAlreadyAcknowledged)) return;
      throw error;
    }
    const echo = await api.interactions.editReply(request.applicationId, request.token, {
      content: questionEcho(request.question),
      allowed_mentions: noMentions,
    });
    const ask = commandAsk(request, echo.id, receivedAt);
    let result: Awaited<ReturnType<Submit>>;
    try {
      result = await options.submit(ask);
    } catch (error) {
      log.error({ askId: ask.id, error: errorMessage(error) }, "could not queue a question");
      await api.interactions.editReply(request.applicationId, request.token, {
        content: `${questionEcho(request.question, 1_900)}\n\n⚠️ ${couldNotQueue}`,
        allowed_mentions: noMentions,
      });
      return;
    }
    if (result.status === "refused") {
      // The public echo would sit there unanswered: take it down and tell only the asker why.
      await api.interactions.deleteReply(request.applicationId, request.token);
      if (!result.silent) {
        await api.interactions.followUp(request.applicationId, request.token, {
          content: result.reason,
          flags: MessageFlags.Ephemeral,
          allowed_mentions: noMentions,
        });
      }
    }
  };
}
