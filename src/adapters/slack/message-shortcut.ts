import type { App, MessageShortcut } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type Ask, askId } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { AcceptQuestion } from "./accept-question.js";
import { cannotPostQuestion } from "./cannot-post.js";
import { isTimestamp } from "./event-shape.js";
import { slackConversation } from "./slack-events.js";
import { slackTextToMarkdown } from "./slack-text.js";

/** The shortcut's callback id; slack-manifest.yaml names the same under `features.shortcuts`. */
export const askAboutMessageCallbackId = "rte_ask_about_message";
/** A message worth asking about fits in a prompt; a 40,000-character paste is cut, and the cut said. */
const maxQuoted = 8_000;

export interface MessageShortcutOptions {
  accept: AcceptQuestion;
  /** RTE_ALLOWED_CHANNELS, checked before rte posts anything. */
  allowedChannels: string[];
  logger: Logger;
  now: () => number;
}

/**
 * "Ask rte about this message" (a message shortcut, `message_action`): rte posts "<@user> asked rte about
 * this message" in the target message's thread and answers under it, like any question there, so the
 * thread's follow-ups keep going without a mention. The question carries the target's text, so the answer
 * does not depend on reading the thread (rationed for apps outside Slack's Marketplace). Acknowledged once
 * queued; anything that stops it is told to the clicker privately through the shortcut's own response_url,
 * which never leaves this function. https://docs.slack.dev/interactivity/implementing-shortcuts
 */
export function addMessageShortcut(app: App, options: MessageShortcutOptions): void {
  const allowed = new Set(options.allowedChannels);
  app.shortcut<MessageShortcut>(
    { type: "message_action", callback_id: askAboutMessageCallbackId },
    async ({ shortcut, ack, client, respond }) => {
      const receivedAt = options.now();
      const privately = async (text: string) => {
        await ack();
        await respond({ response_type: "ephemeral", text }).catch((error: unknown) =>
          options.logger.warn({ error: errorMessage(error) }, "could not answer a shortcut privately"),
        );
      };
      const team = shortcut.team?.id ?? shortcut.user.team_id ?? "";
      const channel = shortcut.channel?.id;
      const target = shortcut.message;
      if (typeof channel !== "string" || !isTimestamp(target?.ts)) return ack();
      if (allowed.size > 0 && !allowed.has(channel) && !allowed.has(team)) {
        return privately(
          "rte is not enabled in this channel. Ask an admin to add it to RTE_ALLOWED_CHANNELS.",
        );
      }
      const rootTs = isTimestamp(target.thread_ts) ? target.thread_ts : target.ts;
      let questionTs: string;
      try {
        questionTs = await postQuestion(client, channel, rootTs, shortcut.user.id);
      } catch (error) {
        options.logger.warn({ error: errorMessage(error) }, "could not post an 'ask about this message'");
        return privately(cannotPostQuestion(error));
      }
      const ask: Ask = {
        id: askId("slack", team, channel, questionTs),
        conversation: slackConversation(team, channel, rootTs),
        messageId: questionTs,
        author: { id: shortcut.user.id, ...(shortcut.user.name ? { name: shortcut.user.name } : {}) },
        text: questionAbout(target),
        trigger: "command",
        receivedAt,
      };
      try {
        const result = await options.accept(ask);
        if (result.status === "refused") return result.silent ? ack() : privately(result.reason);
      } catch (error) {
        options.logger.error({ askId: ask.id, error: errorMessage(error) }, "could not queue a shortcut");
        return privately("I couldn't take that question just now. Please try again in a minute.");
      }
      // The worker shows "is thinking…" once the asker has waited for it (slack-platform.ts).
      await ack();
    },
  );
}

/** What the model is asked: the target message, quoted, and what to do with it. */
export function questionAbout(message: { user?: string; text?: string }): string {
  const text = slackTextToMarkdown(message.text ?? "").trim();
  const cut =
    text.length > maxQuoted ? `${text.slice(0, maxQuoted)}\n[… cut at ${maxQuoted} characters]` : text;
  const quoted = cut === "" ? "> (no text)" : cut.replace(/^/gm, "> ");
  const author = message.user ? ` from <@${message.user}>` : "";
  return [
    `Help me with this message${author}:`,
    quoted,
    "",
    "Answer what it asks, or explain it and say what you would do about it.",
  ].join("\n");
}

async function postQuestion(client: WebClient, channel: string, threadTs: string, user: string) {
  const posted = await client.chat.postMessage({
    channel,
    thread_ts: threadTs,
    text: `<@${user}> asked rte about this message.`,
    unfurl_links: false,
    unfurl_media: false,
  });
  if (posted.ts === undefined) throw new Error("chat.postMessage answered without a ts");
  return posted.ts;
}
