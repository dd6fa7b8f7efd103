import type { WebClient } from "@slack/web-api";
import { slackCall } from "./slack-client.js";
import type { SlackThread } from "./thread-messenger.js";

/** The `event_type` of the metadata every answer message carries (docs.slack.dev/messaging/message-metadata). */
export const answerEventType = "rte_answer";

/**
 * Which answer a message belongs to, and which of its messages it is: posted with the message so that an
 * attempt that took the answer over can recognise a post the previous attempt made but never recorded.
 */
export function answerMetadata(askId: string, index: number) {
  return { event_type: answerEventType, event_payload: { ask_id: askId, index } };
}

/**
 * The ts of message `index` of the answer to `askId` in the thread, if Slack shows it. One page of replies
 * after `after` (the question, or the answer's previous message): the message is among the first few
 * there, and the page is all that Slack's one-call-a-minute ration for conversations.replies (apps outside
 * its Marketplace) should be spent on. This runs only when an attempt lost the job in the middle of a post.
 */
export async function findAnswerMessage(
  client: WebClient,
  thread: SlackThread,
  answer: { askId: string; index: number; after: string },
): Promise<string | undefined> {
  const result = await slackCall("conversations.replies", () =>
    client.conversations.replies({
      channel: thread.channel,
      ts: thread.threadTs,
      oldest: answer.after,
      include_all_metadata: true,
      limit: 15,
    }),
  );
  const found = result.messages?.find((message) => {
    const payload = message.metadata?.event_payload as Record<string, unknown> | undefined;
    return (
      message.metadata?.event_type === answerEventType &&
      payload?.ask_id === answer.askId &&
      payload.index === answer.index
    );
  });
  return found?.ts;
}
