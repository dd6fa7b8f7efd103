import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../core/errors.js";
import { isFenceBalanced } from "../../core/markdown/parse-markdown.js";
import type { Messenger } from "../../core/message-reply.js";
import { withControls } from "./answer-controls.js";
import { isSlackError, slackCall } from "./slack-client.js";
import {
  createThreadMessenger,
  deleteMessage,
  postedTs,
  type SlackThread,
  type ThreadControls,
} from "./thread-messenger.js";
import type { WorkingIndicator } from "./working-indicator.js";

/** One message of the answer: what Slack shows of it, what it should show, whether it still streams. */
interface StreamedMessage {
  shown: string;
  target: string;
  open: boolean;
}

/** Answers from workspaces where native streaming never works (vercel/chat `NATIVE_STREAMING_UNSUPPORTED_ERRORS`). */
const streamingUnsupported = [
  "feature_not_enabled",
  "method_deprecated",
  "unknown_method",
  "not_allowed_token_type",
];

/**
 * Slack's native streaming (`chat.startStream` / `appendStream` / `stopStream`,
 * docs.slack.dev/reference/methods/chat.startStream) as a Messenger for the shared reply engine, which
 * keeps deciding when to update, where to split and what the ledger holds. Used in DMs: in channels a
 * stream is live only for one recipient.
 *
 * A stream only grows, so an edit that extends what Slack shows is appended; one that does not (a table
 * that became a list, a split that moved, an expired stream) stops the stream and rewrites the message with
 * `chat.update`, which Slack allows once a stream has stopped. Slack closes streams by itself after about
 * five minutes (`message_not_in_streaming_state`, node-slack-sdk#2702): the message is then finished with
 * `chat.update` in place, so nothing of the answer is lost and every message stays one part of it.
 * `end()` stops what is still open with whatever the final text adds. A resumed answer finds its messages
 * in the ledger but not here; those are rewritten, stopping a stream a dead worker left open.
 */
export function createStreamMessenger(
  client: WebClient,
  thread: SlackThread,
  indicator: WorkingIndicator,
  onUnsupported: () => void,
  controls?: Omit<ThreadControls, "stop">,
): Messenger {
  const { channel, threadTs } = thread;
  // A stream carries no blocks while it is open, so no Stop button; 👍/👎 come once it is stopped.
  const plain = createThreadMessenger(
    client,
    thread,
    indicator,
    controls === undefined ? undefined : { ...controls, stop: false },
  );
  const messages = new Map<string, StreamedMessage>();
  let streaming = true;

  const update = async (ts: string, text: string) => {
    try {
      await plain.edit(ts, text);
    } catch (error) {
      if (!isSlackError(error, "streaming_state_conflict")) throw error;
      await stop(ts, undefined);
      await plain.edit(ts, text);
    }
  };

  /** Stops a stream; false when Slack had already closed it. */
  const stop = async (ts: string, markdown: string | undefined): Promise<boolean> => {
    const message = messages.get(ts);
    if (message) message.open = false;
    try {
      await slackCall("chat.stopStream", () =>
        client.chat.stopStream({ channel, ts, ...(markdown ? { markdown_text: markdown } : {}) }),
      );
      return true;
    } catch (error) {
      if (isSlackError(error, "message_not_in_streaming_state")) return false;
      throw error;
    }
  };

  return {
    upload: (file) => plain.upload?.(file) ?? Promise.resolve(),
    async post(text) {
      if (!streaming) return plain.post(text);
      const shown = streamable(text);
      try {
        const started = await slackCall("chat.startStream", () =>
          client.chat.startStream({ channel, thread_ts: threadTs, markdown_text: shown }),
        );
        const ts = postedTs(started.ts, "chat.startStream");
        messages.set(ts, { shown, target: text, open: true });
        return ts;
      } catch (error) {
        if (!isSlackError(error, ...streamingUnsupported)) throw error;
        streaming = false;
        onUnsupported();
        return plain.post(text);
      }
    },
    async edit(ts, text) {
      const message = messages.get(ts);
      if (message !== undefined) message.target = text;
      if (message === undefined || !message.open) return update(ts, text);
      const next = streamable(text);
      if (next.startsWith(message.shown)) {
        const delta = next.slice(message.shown.length);
        if (delta === "") return;
        try {
          await slackCall("chat.appendStream", () =>
            client.chat.appendStream({ channel, ts, markdown_text: delta }),
          );
          message.shown = next;
          return;
        } catch (error) {
          if (!isSlackError(error, "message_not_in_streaming_state")) throw error;
          message.open = false;
        }
      } else {
        await stop(ts, undefined);
      }
      await update(ts, text);
    },
    async remove(ts) {
      if (messages.get(ts)?.open) await stop(ts, undefined);
      messages.delete(ts);
      await deleteMessage(client, channel, ts);
    },
    showWorking: (status) => plain.showWorking?.(status) ?? Promise.resolve(),
    async ended(answer) {
      const last = answer.messageIds.at(-1);
      const streamed = last === undefined ? undefined : messages.get(last)?.target;
      const rated = answer.ending !== "failed" && answer.ending !== "stopped";
      if (streamed === undefined || !controls) return plain.ended?.(answer);
      if (!rated || last === undefined) return;
      try {
        await slackCall("chat.update", () =>
          client.chat.update({ channel, ts: last, ...withControls(streamed, "feedback", controls.askId) }),
        );
      } catch (error) {
        // Buttons are decoration: the answer is already shown whole.
        controls.logger.warn({ channel, error: errorMessage(error) }, "could not add the feedback buttons");
      }
    },
    async end() {
      for (const [ts, message] of messages) {
        if (!message.open) continue;
        const rest = message.target.startsWith(message.shown)
          ? message.target.slice(message.shown.length)
          : undefined;
        const stopped = await stop(ts, rest);
        if (rest === undefined || !stopped) await update(ts, message.target);
      }
    },
  };
}

/**
 * What may be streamed of a message now: everything but a closing fence the reply engine added to show a
 * half-written code block, which the next text would have to come before. Streamed without it, the block
 * simply runs to the end of the message until the real fence arrives.
 */
export function streamable(text: string): string {
  const lastBreak = text.lastIndexOf("\n");
  const lastLine = text.slice(lastBreak + 1);
  if (lastBreak < 0 || !/^\s*(`{3,}|~{3,})\s*$/.test(lastLine)) return text;
  const before = text.slice(0, lastBreak);
  return isFenceBalanced(before) ? text : before;
}
