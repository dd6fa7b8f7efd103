import type { AllMiddlewareArgs, App, RespondArguments, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { AcceptQuestion } from "./accept-question.js";
import { cannotPostQuestion } from "./cannot-post.js";
import { isWellFormedCommand } from "./event-shape.js";
import { commandAsk } from "./slack-events.js";
import { slackPlainText } from "./slack-format.js";
import { deleteMessage } from "./thread-messenger.js";

export const commandName = "/rte";

/** `/rte` with no text or `help`. Slack refuses developer slash commands in threads, so it says what works there. */
export const usage = [
  "*rte*, a senior real-time engineer on call (socket.io, WebSockets, live chat and bidding, push, scaling).",
  "• `/rte <question>` posts your question here and answers in its thread.",
  "• Mention me (`@rte <question>`) in a channel I'm in, or send me a direct message.",
  "• Keep talking in a thread I answered: follow-ups need no mention.",
  "Slash commands can't be used inside threads (a Slack limitation): to ask in a thread, mention me there.",
].join("\n");

export interface SlashCommandOptions {
  accept: AcceptQuestion;
  /** RTE_ALLOWED_CHANNELS: checked before anything is posted in a channel where rte may not answer. */
  allowedChannels: string[];
  logger: Logger;
  now: () => number;
  /** Called when the command is handled, with when it was received: the ack goes out right after. */
  acknowledged?: (receivedAt: number) => void;
}

/**
 * `/rte <question>` becomes an ordinary thread: rte posts "<@user> asked: …" in the channel, queues the
 * question under that message, and only then acknowledges (Bolt holds the ack until the listener is done),
 * all within Slack's 3 seconds. The command's `response_url` never leaves this function. When the question
 * cannot be queued the root message is taken back and the asker told why, privately.
 */
export function addSlashCommand(app: App, options: SlashCommandOptions): void {
  const allowed = new Set(options.allowedChannels);
  const handle = async (
    { command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
    receivedAt: number,
  ) => {
    const privately = (text: string): RespondArguments => ({ response_type: "ephemeral", text });
    // Over HTTP request-shape.ts refuses these already; Socket Mode envelopes arrive unchecked. A 200 that
    // does nothing: the form is not one Slack sends, and a retry would not fix it.
    if (!isWellFormedCommand({ ...command })) {
      options.logger.warn({}, "ignoring a malformed /rte command");
      return ack();
    }
    const question = command.text.trim();
    if (question === "" || /^help$/i.test(question)) return ack(privately(usage));
    if (allowed.size > 0 && !allowed.has(command.channel_id) && !allowed.has(command.team_id)) {
      return ack(
        privately("rte is not enabled in this channel. Ask an admin to add it to RTE_ALLOWED_CHANNELS."),
      );
    }

    let rootTs: string;
    try {
      rootTs = await postRoot(client, command.channel_id, command.user_id, question);
    } catch (error) {
      options.logger.warn({ error: errorMessage(error) }, "could not post the /rte question");
      return ack(privately(cannotPostQuestion(error)));
    }
    const ask = commandAsk(command, rootTs, receivedAt);
    try {
      const result = await options.accept(ask);
      // The worker shows "is thinking…" once the asker has waited for it (slack-platform.ts).
      if (result.status !== "refused") return ack();
      await deleteMessage(client, command.channel_id, rootTs).catch(() => {});
      return result.silent ? ack() : ack(privately(result.reason));
    } catch (error) {
      options.logger.error(
        { askId: ask.id, error: errorMessage(error) },
        "could not queue the /rte question",
      );
      await deleteMessage(client, command.channel_id, rootTs).catch(() => {});
      return ack(
        privately(
          "I couldn't take that question just now (the queue is unavailable). Please try again in a minute.",
        ),
      );
    }
  };
  app.command(commandName, async (args) => {
    const receivedAt = options.now();
    try {
      await handle(args, receivedAt);
    } finally {
      options.acknowledged?.(receivedAt);
    }
  });
}

async function postRoot(client: WebClient, channel: string, user: string, question: string): Promise<string> {
  const posted = await client.chat.postMessage({
    channel,
    // The question is the asker's, but the message is the bot's: it must not ping anyone either.
    text: `<@${user}> asked: ${slackPlainText(question)}`,
    unfurl_links: false,
    unfurl_media: false,
  });
  if (posted.ts === undefined) throw new Error("chat.postMessage answered without a ts");
  return posted.ts;
}
