import { type API, type APIInteraction, MessageFlags } from "@discordjs/core/http-only";
import type { Ask } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Submit } from "../../ingress/submit.js";
import type { Allowlist } from "./allowlist.js";
import { commandPlace } from "./command-ask.js";
import { cannotReach, directMessagePlace, directQuestion } from "./direct-question.js";
import { discordErrorCodes, isDiscordError } from "./discord-errors.js";
import {
  type MessageCommandRequest,
  messageCommandAsk,
  questionAbout,
  readMessageCommand,
} from "./message-command.js";
import { couldNotQueue } from "./message-handler.js";
import { noMentions } from "./rest-messenger.js";

export interface MessageCommandHandlerOptions {
  api: API;
  allowed: Allowlist;
  submit: Submit;
  logger: Logger;
  now?: () => number;
}

const notHere = "rte is not enabled in this channel. Ask an admin to add it to RTE_ALLOWED_CHANNELS.";

/**
 * "Ask rte about this message" at the edge. The interaction is answered at once, privately ("answering in
 * a thread on that message"), and never used again: the answer is an ordinary Ask in the thread started
 * from the target message (or the thread or DM it is in). Where the bot cannot post (a user install used
 * in a server without the bot, or a private channel) the question goes to the person's DM with the bot,
 * and the private reply says so; if even that DM cannot be opened, it says how to add the bot.
 */
export function createMessageCommandHandler(options: MessageCommandHandlerOptions) {
  const { api, logger } = options;
  const now = options.now ?? Date.now;

  const privately = (request: MessageCommandRequest, content: string) =>
    api.interactions.reply(request.interactionId, request.token, {
      content,
      flags: MessageFlags.Ephemeral,
      allowed_mentions: noMentions,
    });

  return async function handleMessageCommand(interaction: APIInteraction): Promise<void> {
    const receivedAt = now();
    const request = readMessageCommand(interaction);
    if (!request) return;
    const log = logger.child({ interactionId: request.interactionId });
    // Where the bot is absent the answer goes to a DM, which the allowlist names as "@me".
    const place = request.botPresent ? commandPlace({ ...request, question: "" }) : directMessagePlace;
    if (!options.allowed(place)) return void (await privately(request, notHere));

    let ask: Ask;
    let notice: string;
    try {
      if (request.botPresent) {
        ask = messageCommandAsk(request, receivedAt);
        notice = "On it: I'll answer in a thread on that message.";
      } else {
        ask = await directQuestion(api, request.author, questionAbout(request.target), receivedAt);
        notice = "I'm not in this conversation, so I'm answering in our DM.";
      }
    } catch (error) {
      log.warn({ error: errorMessage(error) }, "could not open a DM for a message command");
      return void (await privately(request, cannotReach(request.applicationId)));
    }
    try {
      await privately(request, notice);
    } catch (error) {
      // 40060: another ingress process (or an earlier delivery of this event) took it.
      if (isDiscordError(error, discordErrorCodes.interactionAlreadyAcknowledged)) return;
      throw error;
    }
    let result: Awaited<ReturnType<Submit>>;
    try {
      result = await options.submit(ask);
    } catch (error) {
      log.error({ askId: ask.id, error: errorMessage(error) }, "could not queue a question");
      await tellLater(request, `⚠️ ${couldNotQueue}`);
      return;
    }
    if (result.status === "refused") {
      if (!result.silent) await tellLater(request, result.reason);
    }
  };

  /** A private follow-up, while the token lives (15 minutes; this is milliseconds after the reply). */
  async function tellLater(request: MessageCommandRequest, content: string) {
    await api.interactions
      .followUp(request.applicationId, request.token, {
        content,
        flags: MessageFlags.Ephemeral,
        allowed_mentions: noMentions,
      })
      .catch((error: unknown) => logger.warn({ error: errorMessage(error) }, "could not tell the asker"));
  }
}
