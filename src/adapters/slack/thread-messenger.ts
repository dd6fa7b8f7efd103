import type { WebClient } from "@slack/web-api";
import { RteError } from "../../core/errors.js";
import type { Messenger } from "../../core/message-reply.js";
import { isSlackError, slackCall } from "./slack-client.js";
import type { WorkingIndicator } from "./working-indicator.js";

/** A Slack thread: the channel and the ts of its root message. */
export interface SlackThread {
  channel: string;
  threadTs: string;
}

/**
 * Messages in a Slack thread, as the shared reply engine (`createMessageReply`) drives them: post once,
 * then `chat.update`. Each message is one `markdown_text`, which Slack renders itself; links are not
 * unfurled, so an answer citing five docs does not grow five previews.
 */
export function createThreadMessenger(
  client: WebClient,
  thread: SlackThread,
  indicator: WorkingIndicator,
): Messenger {
  const { channel, threadTs } = thread;
  return {
    async post(text) {
      const posted = await slackCall("chat.postMessage", () =>
        client.chat.postMessage({
          channel,
          thread_ts: threadTs,
          markdown_text: text,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      return postedTs(posted.ts, "chat.postMessage");
    },
    async edit(ts, text) {
      await slackCall("chat.update", () => client.chat.update({ channel, ts, markdown_text: text }));
    },
    async remove(ts) {
      await deleteMessage(client, channel, ts);
    },
    async showWorking(status) {
      await (status === undefined ? indicator.clear() : indicator.show(status));
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
