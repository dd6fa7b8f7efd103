import type { WebClient } from "@slack/web-api";
import { type Ask, conversationKey, type Turn } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { SharedState } from "../../core/shared-state.js";
import type { Transcript } from "../../core/transcript.js";
import { isSlackError, slackCall } from "./slack-client.js";
import { readAskFiles, type SlackFileAccess } from "./slack-files.js";
import { type BotIdentity, isEarlierTs, slackMessageToTurn } from "./thread-turns.js";

export interface ThreadReaderOptions {
  client: WebClient;
  transcript: Transcript;
  state: Pick<SharedState, "cache">;
  identity: () => Promise<BotIdentity>;
  logger: Logger;
  /** Where files on the question are downloaded from; without it they are not read. */
  files?: SlackFileAccess;
}

/** As long as the transcript keeps a conversation: the two describe one thread together. */
const historyTtlSeconds = 14 * 24 * 3_600;
/** 200 a page (Slack caps new non-Marketplace apps at 15); 20 pages is a thread no one reads to the end. */
const pageSize = 200;
const maxPages = 20;

/** Messages of a thread older than `before`, as turns. */
interface History {
  before: string;
  turns: Turn[];
}

/**
 * A Slack thread as turns, reading Slack only for what the transcript lacks. The transcript holds what rte
 * saw and said from the first question it was asked in the thread; what came before (a thread rte was
 * mentioned into halfway, or one whose transcript expired) is read once with `conversations.replies` and
 * kept beside the transcript, because Slack allows apps distributed outside its Marketplace one call a
 * minute (docs.slack.dev/reference/methods/conversations.replies). A thread rte was in from its first
 * message costs no call at all. When Slack rate-limits the read, the answer goes ahead with what is known.
 */
export function createThreadReader(options: ThreadReaderOptions) {
  const { client, transcript, logger } = options;
  const histories = options.state.cache<History>("slack:history", historyTtlSeconds);

  const fetchHistory = async (
    ask: Ask,
    before: string,
    signal: AbortSignal,
  ): Promise<History | undefined> => {
    const bot = await options.identity();
    const { channel, thread } = ask.conversation;
    const turns: Turn[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages && !signal.aborted; page++) {
      let result: Awaited<ReturnType<WebClient["conversations"]["replies"]>>;
      try {
        result = await slackCall("conversations.replies", () =>
          client.conversations.replies({
            channel,
            ts: thread,
            latest: before,
            inclusive: false,
            limit: pageSize,
            ...(cursor ? { cursor } : {}),
          }),
        );
      } catch (error) {
        if (isSlackError(error, "thread_not_found", "message_not_found")) return { before, turns };
        if (!isSlackError(error, "rate_limited")) throw error;
        logger.warn(
          { error: errorMessage(error) },
          "thread history rate-limited; answering with what is known",
        );
        return undefined;
      }
      for (const message of result.messages ?? []) {
        if (message.ts === undefined || !isEarlierTs(message.ts, before)) continue;
        const turn = slackMessageToTurn(message, bot);
        if (turn) turns.push(turn);
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return { before, turns };
    }
    return { before, turns };
  };

  const earlierTurns = async (ask: Ask, before: string, signal: AbortSignal): Promise<Turn[]> => {
    const known = await histories.get(conversationKey(ask.conversation));
    if (known?.before === before) return known.turns;
    const history = await fetchHistory(ask, before, signal);
    if (history === undefined) return [];
    await histories.set(conversationKey(ask.conversation), history);
    return history.turns;
  };

  return {
    /** The thread up to and including the question, oldest first. */
    async read(ask: Ask, signal: AbortSignal): Promise<Turn[]> {
      const attachments = options.files ? await readAskFiles(ask, options.files, signal) : undefined;
      const question: Turn = {
        role: "user",
        text: ask.text,
        author: ask.author.name ?? ask.author.id,
        messageId: ask.messageId,
        ...(attachments && attachments.length > 0 ? { attachments } : {}),
      };
      let seen = await transcript.read(ask.conversation);
      // A retried question may already be in the transcript; what came with and after it is not context.
      const retried = seen.findIndex((turn) => turn.messageId === ask.messageId);
      if (retried >= 0) seen = seen.slice(0, retried);
      // The transcript is known from its first message with an id: answers before that (a transcript
      // trimmed at its front) are in Slack's part of the thread.
      const firstKnown = seen.findIndex((turn) => turn.messageId !== undefined);
      seen = firstKnown < 0 ? [] : seen.slice(firstKnown);
      const before = seen[0]?.messageId ?? ask.messageId;
      if (before === ask.conversation.thread) return [...seen, question];
      return [...(await earlierTurns(ask, before, signal)), ...seen, question];
    },
  };
}
