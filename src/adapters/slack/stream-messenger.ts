import type { ChatStopStreamArguments, WebClient } from "@slack/web-api";
import { errorMessage } from "../../core/errors.js";
import { isFenceBalanced } from "../../core/markdown/parse-markdown.js";
import type { FinalWrite, Messenger } from "../../core/message-reply.js";
import { nativeFeedbackBlock, withControls } from "./answer-controls.js";
import { isSlackError, slackCall } from "./slack-client.js";
import {
  createThreadMessenger,
  deleteMessage,
  isRated,
  postedTs,
  type SlackThread,
  type ThreadControls,
} from "./thread-messenger.js";
import type { WorkingIndicator } from "./working-indicator.js";

/** One Slack message of a streamed part: what it shows, whether it still streams. */
interface Part {
  ts: string;
  shown: string;
  open: boolean;
}

/**
 * One message of the answer, as the reply engine knows it (by its first part's ts), and what it should
 * show. A stream Slack expired rolls over into a further part, so `parts` is usually one message, after an
 * expiry two or more: each closed part keeps what it showed, the last one streams the rest.
 */
interface StreamedMessage {
  parts: Part[];
  target: string;
}

/** Answers from workspaces where native streaming never works (vercel/chat `NATIVE_STREAMING_UNSUPPORTED_ERRORS`). */
const streamingUnsupported = [
  "feature_not_enabled",
  "method_deprecated",
  "unknown_method",
  "not_allowed_token_type",
];

/**
 * A stream Slack closed: by itself after about five minutes, or because someone pressed its Stop control
 * (then the `agent_session_stopped` event stops the answer as well; agent-listeners.ts).
 */
const closedBySlack = ["message_not_in_streaming_state", "stopped_by_user"];

/**
 * Slack's native streaming (`chat.startStream` / `appendStream` / `stopStream`,
 * docs.slack.dev/reference/methods/chat.startStream) as a Messenger for the shared reply engine, which
 * keeps deciding when to update, where to split and what the ledger holds. Used in DMs: in channels a
 * stream is live only for one recipient.
 *
 * A stream only grows, so an edit that extends what Slack shows is appended; one that does not (a table
 * that became a list, a split that moved, an expired stream) stops the stream and rewrites the message with
 * `chat.update`, which Slack allows once a stream has stopped. Slack closes streams by itself after about
 * five minutes (`message_not_in_streaming_state`, node-slack-sdk#2702): the answer then rolls over into a
 * new streamed message in the thread that continues where the closed one stopped, so nothing is lost and
 * the answer keeps streaming. A rewrite of a rolled-over message collapses it back into its first one.
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
  // A stream carries no blocks while it is open, so no Stop button of rte's (Slack shows its own, which
  // sends agent_session_stopped: agent-listeners.ts); Slack's native 👍/👎 come once it is stopped.
  const plain = createThreadMessenger(
    client,
    thread,
    indicator,
    controls === undefined ? undefined : { ...controls, stop: false },
  );
  const messages = new Map<string, StreamedMessage>();
  let streaming = true;

  /** Parts whose stop carried the feedback buttons, so `ended` leaves them be. */
  const finishedParts = new Set<string>();

  const update = async (ts: string, text: string, final?: FinalWrite) => {
    const edit = () => (final ? plain.edit(ts, text, final) : plain.edit(ts, text));
    try {
      await edit();
    } catch (error) {
      if (!isSlackError(error, "streaming_state_conflict")) throw error;
      await stop(undefined, ts, undefined);
      await edit();
    }
  };

  /** Stops a stream, with `blocks` under its text; false when Slack had already closed it. */
  const stop = async (
    part: Part | undefined,
    ts: string,
    markdown: string | undefined,
    blocks?: ChatStopStreamArguments["blocks"],
  ): Promise<boolean> => {
    if (part) part.open = false;
    try {
      await slackCall("chat.stopStream", () =>
        client.chat.stopStream({
          channel,
          ts,
          ...(markdown ? { markdown_text: markdown } : {}),
          ...(blocks ? { blocks } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isSlackError(error, ...closedBySlack)) return false;
      throw error;
    }
  };

  const startStream = async (shown: string): Promise<Part> => {
    const started = await indicator.replying(() =>
      slackCall("chat.startStream", () =>
        client.chat.startStream({ channel, thread_ts: threadTs, markdown_text: shown }),
      ),
    );
    return { ts: postedTs(started.ts, "chat.startStream"), shown, open: true };
  };

  /** What the closed parts before the last show, together: the last part streams what follows. */
  const frozen = (message: StreamedMessage) =>
    message.parts
      .slice(0, -1)
      .map((part) => part.shown)
      .join("");

  /** The message back in one Slack message showing `text`: its other parts are taken down. */
  const collapse = async (message: StreamedMessage, text: string) => {
    const [first, ...rest] = message.parts;
    for (const part of rest) {
      if (part.open) await stop(part, part.ts, undefined);
      await deleteMessage(client, channel, part.ts);
    }
    if (first === undefined) return;
    message.parts = [first];
    if (first.open) await stop(first, first.ts, undefined);
    await update(first.ts, text);
  };

  /**
   * Streams `text` into the message's last part when it only adds to what is shown; Slack closing the
   * stream (about five minutes, node-slack-sdk#2702) rolls over into a new streamed part with the rest.
   */
  const extend = async (message: StreamedMessage, text: string): Promise<boolean> => {
    const last = message.parts.at(-1);
    const before = frozen(message);
    const next = streamable(text);
    if (!last?.open || !next.startsWith(before + last.shown)) return false;
    const delta = next.slice(before.length + last.shown.length);
    if (delta === "") return true;
    try {
      await slackCall("chat.appendStream", () =>
        client.chat.appendStream({ channel, ts: last.ts, markdown_text: delta }),
      );
      last.shown += delta;
      return true;
    } catch (error) {
      if (!isSlackError(error, ...closedBySlack)) throw error;
      last.open = false;
      // Someone pressed Slack's Stop: the answer is being stopped too; nothing new is started.
      if (isSlackError(error, "stopped_by_user")) return false;
    }
    message.parts.push(await startStream(delta));
    return true;
  };

  return {
    upload: (file) => plain.upload?.(file) ?? Promise.resolve(),
    async post(text, position) {
      if (!streaming) return plain.post(text, position);
      try {
        const part = await startStream(streamable(text));
        messages.set(part.ts, { parts: [part], target: text });
        return part.ts;
      } catch (error) {
        if (!isSlackError(error, ...streamingUnsupported)) throw error;
        streaming = false;
        onUnsupported();
        return plain.post(text, position);
      }
    },
    async edit(ts, text, final) {
      const message = messages.get(ts);
      if (message === undefined) return update(ts, text, final);
      message.target = text;
      if (await extend(message, text)) return;
      await collapse(message, text);
    },
    async remove(ts) {
      const message = messages.get(ts);
      messages.delete(ts);
      for (const part of message?.parts.slice(1) ?? []) {
        if (part.open) await stop(part, part.ts, undefined);
        await deleteMessage(client, channel, part.ts);
      }
      if (message?.parts[0]?.open) await stop(message.parts[0], ts, undefined);
      await deleteMessage(client, channel, ts);
    },
    showWorking: (status) => plain.showWorking?.(status) ?? Promise.resolve(),
    showProgress: (activity) => plain.showProgress?.(activity) ?? Promise.resolve(),
    async ended(answer) {
      const lastId = answer.messageIds.at(-1);
      const message = lastId === undefined ? undefined : messages.get(lastId);
      const rated = answer.ending !== "failed" && answer.ending !== "stopped";
      if (message === undefined || !controls) return plain.ended?.(answer);
      const last = message.parts.at(-1);
      if (!rated || last === undefined || finishedParts.has(last.ts)) return;
      // The buttons go under the part Slack shows last, with that part's text.
      const shown = message.parts.length === 1 ? message.target : last.shown;
      try {
        await slackCall("chat.update", () =>
          client.chat.update({
            channel,
            ts: last.ts,
            ...withControls(shown, "native-feedback", controls.askId),
          }),
        );
      } catch (error) {
        // Buttons are decoration: the answer is already shown whole.
        controls.logger.warn({ channel, error: errorMessage(error) }, "could not add the feedback buttons");
      }
    },
    async end(ending) {
      const lastTs = [...messages.keys()].at(-1);
      for (const [ts, message] of messages) {
        const last = message.parts.at(-1);
        if (!last?.open) continue;
        const shownBefore = frozen(message) + last.shown;
        const rest = message.target.startsWith(shownBefore)
          ? message.target.slice(shownBefore.length)
          : undefined;
        // The answer's last stream closes with Slack's 👍/👎 under it: one call instead of stop + update.
        const feedback =
          ts === lastTs && controls && isRated(ending) && rest !== undefined
            ? [nativeFeedbackBlock(controls.askId)]
            : undefined;
        const stopped = await stop(last, last.ts, rest, feedback);
        if (stopped && rest !== undefined) {
          last.shown += rest;
          if (feedback) finishedParts.add(last.ts);
          continue;
        }
        if (message.parts.length === 1) await update(ts, message.target);
        else if (rest !== undefined) await update(last.ts, last.shown + rest);
        else await collapse(message, message.target);
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
