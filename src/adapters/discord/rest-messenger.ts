import { createHash } from "node:crypto";
import { type API, MessageFlags } from "@discordjs/core/http-only";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Messenger } from "../../core/message-reply.js";
import { feedbackRow, stopRow } from "./answer-controls.js";
import { discordErrorCodes, isDiscordError, toRteError } from "./discord-errors.js";

/**
 * Nobody is pinged by what the bot writes: not `@everyone`, not a role, not a user, not the person replied
 * to. Sent with every message and every edit, because an edit re-parses mentions too.
 * https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export const noMentions = { parse: [] as [] };

/**
 * No link previews under an answer: the pages it cites are listed in its Sources line, and five embeds
 * would bury the answer (Slack's messages likewise set `unfurl_links: false`).
 */
const noEmbeds = MessageFlags.SuppressEmbeds;

/** "The typing indicator expires after 10 seconds" (Trigger Typing Indicator); renewed a little sooner. */
const typingIntervalMs = 8_000;
/** A reply that never posts (its job died oddly) stops typing on its own after this. */
const longestTypingMs = 120_000;

export interface RestMessengerOptions {
  api: API;
  /** The answer's identity (its Ask id): every post's nonce is derived from it, see `postNonce`. */
  answerId: string;
  channelId: string;
  /** The question, when it sits in this channel: the first message answers it as a reply. */
  replyTo: string | undefined;
  signal: AbortSignal;
  logger: Logger;
  typingIntervalMs?: number;
  /** Called once, when the first message of this reply is on Discord. */
  onFirstPost?: () => void;
  /**
   * The answer's buttons: Stop on its first message while it streams (`stop`: false when a resumed answer
   * posted that message already), 👍/👎 on its last message once it is finished (answer-controls.ts).
   */
  controls?: { askId: string; stop: boolean };
}

/**
 * The nonce of one post of one answer: the same answer and position always give the same nonce, so a post
 * repeated by a resumed attempt (the first attempt died after Discord created the message but before the
 * ledger recorded it) is answered with the message already there instead of a second one. With
 * `enforce_nonce`, Discord "checks it for uniqueness in the past few minutes; if another message was created
 * by the same author with the same nonce, that message is returned and no new message is created". Beyond
 * those few minutes a repeat would post again; a takeover comes within about 20 s (answer-worker.ts).
 * A nonce is at most 25 characters: 25 hex digits of a SHA-256 (100 bits) keep answers apart.
 * https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export function postNonce(answerId: string, position: string): string {
  return createHash("sha256").update(`${answerId}\n${position}`).digest("hex").slice(0, 25);
}

/**
 * The Messenger behind Discord replies: one channel (a thread or a DM), Discord's REST API, no mentions
 * allowed, the typing indicator until the first message is posted, long code as attached files. Rate limits are @discordjs/rest's
 * (it waits out a 429's retry_after; a long one becomes a retryable error, see discord-rest.ts).
 */
export function createRestMessenger(options: RestMessengerOptions): Messenger {
  const { api, channelId, signal, logger } = options;
  let typing: NodeJS.Timeout | undefined;
  let typingSince = 0;
  // Every typing request still in flight, not only the latest: requests may arrive out of order.
  const typingRequests = new Set<Promise<void>>();
  let replied = false;

  const stopTyping = () => {
    clearInterval(typing);
    typing = undefined;
  };
  const sendTyping = () => {
    if (signal.aborted || Date.now() - typingSince > longestTypingMs) return stopTyping();
    const request = api.channels
      .showTyping(channelId)
      .catch((error: unknown) => {
        // Typing is decoration: a failure must never cost the answer.
        logger.debug({ channelId, error: errorMessage(error) }, "typing indicator failed");
      })
      .finally(() => typingRequests.delete(request));
    typingRequests.add(request);
  };

  // The job's signal is checked before each request rather than handed to @discordjs/rest: it adds an abort
  // listener to the signal on every request and never removes it, and this signal lives as long as the
  // worker. A request in flight at shutdown ends within the REST timeout (discord-rest.ts).
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    try {
      return await request();
    } catch (error) {
      throw toRteError(error);
    }
  };

  return {
    async post(text, { index }) {
      stopTyping();
      // A typing request landing after the message would show "typing…" under the answer for 10 s.
      await Promise.all(typingRequests);
      const reference =
        !replied && options.replyTo !== undefined
          ? { message_reference: { message_id: options.replyTo, fail_if_not_exists: false } }
          : {};
      const stop =
        !replied && options.controls?.stop ? { components: [stopRow(options.controls.askId)] } : {};
      const message = await call(() =>
        api.channels.createMessage(channelId, {
          content: text,
          allowed_mentions: noMentions,
          flags: noEmbeds,
          nonce: postNonce(options.answerId, `message ${index}`),
          enforce_nonce: true,
          ...reference,
          ...stop,
        }),
      );
      if (!replied) options.onFirstPost?.();
      replied = true;
      return message.id;
    },
    async edit(messageId, text) {
      await call(() =>
        api.channels.editMessage(channelId, messageId, {
          content: text,
          allowed_mentions: noMentions,
          flags: noEmbeds,
        }),
      );
    },
    async remove(messageId) {
      try {
        signal.throwIfAborted();
        await api.channels.deleteMessage(channelId, messageId);
      } catch (error) {
        // Already gone (someone deleted it): what we wanted.
        if (!isDiscordError(error, discordErrorCodes.unknownMessage)) throw toRteError(error);
      }
    },
    async upload(file) {
      await call(() =>
        api.channels.createMessage(channelId, {
          allowed_mentions: noMentions,
          nonce: postNonce(options.answerId, `file ${file.name}`),
          enforce_nonce: true,
          files: [
            { name: file.name, data: Buffer.from(file.content), contentType: "text/plain; charset=utf-8" },
          ],
        }),
      );
    },
    async ended({ messageIds, ending }) {
      const { controls } = options;
      if (!controls) return;
      const first = messageIds[0];
      const last = messageIds.at(-1);
      const rated = ending !== "failed" && ending !== "stopped";
      const setButtons = (messageId: string, components: Array<ReturnType<typeof feedbackRow>>) =>
        call(() =>
          api.channels.editMessage(channelId, messageId, { components, allowed_mentions: noMentions }),
        );
      try {
        if (rated && last !== undefined) await setButtons(last, [feedbackRow(controls.askId)]);
        // The first message's Stop goes, unless the feedback buttons just replaced it.
        if (first !== undefined && !(rated && first === last)) await setButtons(first, []);
      } catch (error) {
        // Buttons are decoration: the answer is already shown whole.
        logger.warn({ channelId, error: errorMessage(error) }, "could not update the answer's buttons");
      }
    },
    async showWorking(text) {
      stopTyping();
      if (text === undefined || signal.aborted) return;
      typingSince = Date.now();
      sendTyping();
      typing = setInterval(sendTyping, options.typingIntervalMs ?? typingIntervalMs);
      typing.unref();
    },
  };
}
