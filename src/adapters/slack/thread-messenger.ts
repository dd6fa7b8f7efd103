import type { WebClient } from "@slack/web-api";
import { errorMessage, RteError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { EndedAnswer, FinalWrite, Messenger } from "../../core/message-reply.js";
import { type Controls, withControls } from "./answer-controls.js";
import { answerMetadata, findAnswerMessage } from "./answer-metadata.js";
import { isSlackError, slackCall } from "./slack-client.js";
import type { WorkingIndicator } from "./working-indicator.js";

/** A Slack thread: the channel and the ts of its root message. */
export interface SlackThread {
  channel: string;
  threadTs: string;
}

/** The answer's buttons: Stop on its first message while it is written (unless resumed), 👍/👎 once done. */
export interface ThreadControls {
  askId: string;
  stop: boolean;
  logger: Logger;
  /**
   * The question's ts. With it, every post carries the answer's metadata and the messenger can `find` a
   * post an attempt that lost the job made but never recorded (answer-metadata.ts).
   */
  questionTs?: string;
}

/**
 * Messages in a Slack thread, as the shared reply engine (`createMessageReply`) drives them: post once,
 * then `chat.update`. Each message is one `markdown_text`, which Slack renders itself; links are not
 * unfurled, so an answer citing five docs does not grow five previews. A message with buttons is a
 * `markdown` block and an `actions` block instead (answer-controls.ts), so the messenger remembers which
 * messages carry which buttons, and their text, to keep both on every edit.
 */
export function createThreadMessenger(
  client: WebClient,
  thread: SlackThread,
  indicator: WorkingIndicator,
  controls?: ThreadControls,
): Messenger {
  const { channel, threadTs } = thread;
  const texts = new Map<string, string>();
  /** The buttons each message shows now; a message without an entry has none. */
  const buttons = new Map<string, Controls>();
  /** The buttons a message should show once the answer has ended this way. */
  const finished = (final: FinalWrite): Controls | undefined =>
    final.last && isRated(final.ending) ? "feedback" : undefined;
  const content = (kind: Controls | undefined, text: string) =>
    kind === undefined || !controls ? { markdown_text: text } : withControls(text, kind, controls.askId);
  /** Writes `text` with `kind` of buttons, and remembers both. */
  const update = async (ts: string, text: string, kind: Controls | undefined) => {
    await slackCall("chat.update", () => client.chat.update({ channel, ts, ...content(kind, text) }));
    texts.set(ts, text);
    if (kind === undefined) buttons.delete(ts);
    else buttons.set(ts, kind);
  };
  const questionTs = controls?.questionTs;
  const identified =
    questionTs === undefined || !controls ? undefined : { askId: controls.askId, questionTs };
  const find: Messenger["find"] = async ({ index, after }) => {
    if (!identified) return undefined;
    const ts = await findAnswerMessage(client, thread, {
      askId: identified.askId,
      index,
      after: after ?? identified.questionTs,
    });
    if (ts !== undefined)
      controls?.logger.info({ channel, ts, index }, "adopted a post an earlier attempt made");
    return ts;
  };
  return {
    ...(identified ? { find } : {}),
    async post(text, position) {
      const kind: Controls | undefined = position.final
        ? finished(position.final)
        : texts.size === 0 && controls?.stop === true
          ? "stop"
          : undefined;
      const posted = await indicator.replying(() =>
        slackCall("chat.postMessage", () =>
          client.chat.postMessage({
            channel,
            thread_ts: threadTs,
            ...content(kind, text),
            unfurl_links: false,
            unfurl_media: false,
            ...(identified ? { metadata: answerMetadata(identified.askId, position.index) } : {}),
          }),
        ),
      );
      const ts = postedTs(posted.ts, "chat.postMessage");
      texts.set(ts, text);
      if (kind !== undefined) buttons.set(ts, kind);
      return ts;
    },
    async edit(ts, text, final) {
      // The final text of the last message carries its 👍/👎 in the same call; a Stop button goes.
      await update(ts, text, final ? finished(final) : buttons.get(ts));
    },
    async ended({ messageIds, ending }) {
      if (!controls) return;
      const last = messageIds.at(-1);
      try {
        // Only what the final writes left as it was: a message whose final text was already shown.
        for (const ts of messageIds) {
          const wanted = ts === last && isRated(ending) ? "feedback" : undefined;
          if (buttons.get(ts) !== wanted && texts.has(ts)) await update(ts, texts.get(ts) ?? "", wanted);
        }
      } catch (error) {
        // Buttons are decoration: the answer is already shown whole.
        controls.logger.warn(
          { channel, error: errorMessage(error) },
          "could not update the answer's buttons",
        );
      }
    },
    async remove(ts) {
      await deleteMessage(client, channel, ts);
      texts.delete(ts);
      buttons.delete(ts);
    },
    async showWorking(status) {
      await (status === undefined ? indicator.clear() : indicator.show(status));
    },
    async showProgress(activity) {
      // "rte is searching the web for “…”…" under the thread; Slack clears it when the answer posts.
      await (activity === undefined ? indicator.clear() : indicator.show(`is ${activity}…`));
    },
    async upload(file) {
      // One snippet in the thread per long code block; the message keeps an excerpt (core/message-reply).
      await slackCall("files.uploadV2", () =>
        client.filesUploadV2({
          channel_id: channel,
          thread_ts: threadTs,
          content: file.content,
          filename: file.name,
          title: file.name,
        }),
      );
    },
  };
}

/** A finished answer asks for 👍/👎; a failed or stopped one does not. */
export function isRated(ending: EndedAnswer["ending"]): boolean {
  return ending !== "failed" && ending !== "stopped";
}

export async function deleteMessage(client: WebClient, channel: string, ts: string): Promise<void> {
  try {
    await slackCall("chat.delete", () => client.chat.delete({ channel, ts }));
  } catch (error) {
    // Someone deleted it already: the outcome we wanted.
    if (!isSlackError(error, "message_not_found")) throw error;
  }
}

export function postedTs(ts: string | undefined, method: string): string {
  if (ts === undefined) throw new RteError("slack_no_ts", `Slack answered ${method} without a ts.`);
  return ts;
}
