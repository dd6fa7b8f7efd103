import type { WebClient } from "@slack/web-api";
import type { Ask } from "../../core/ask.js";
import type { Logger } from "../../core/logger.js";
import { createMessageReply, type Messenger } from "../../core/message-reply.js";
import type { Platform } from "../../core/platform.js";
import type { SharedState, UpdateBudgetRate } from "../../core/shared-state.js";
import type { Transcript } from "../../core/transcript.js";
import type { Metrics } from "../../observability/metrics.js";
import { withAgentSession } from "./agent-session.js";
import { slackCall } from "./slack-client.js";
import { isDirectMessageChannel } from "./slack-events.js";
import { renderSlackMarkdown } from "./slack-format.js";
import { createStreamMessenger } from "./stream-messenger.js";
import { createThreadMessenger } from "./thread-messenger.js";
import { createThreadReader } from "./thread-reader.js";
import type { BotIdentity } from "./thread-turns.js";
import { createWorkingIndicator } from "./working-indicator.js";

export interface SlackPlatformOptions {
  client: WebClient;
  state: SharedState;
  transcript: Transcript;
  logger: Logger;
  metrics?: Metrics | undefined;
  /**
   * How long a question may go without visible text before "is thinking…" shows under it (default
   * 1,000 ms): the worker alone shows the status, and only to someone who has waited for it.
   */
  statusDelayMs?: number;
}

/**
 * `chat.update` is Tier 3, "50+ per minute" per method per workspace, shared by every answer in it
 * (docs.slack.dev/apis/web-api/rate-limits). Intermediate edits take 40 of those; the rest stays for
 * final edits, which never ask. `chat.appendStream` is Tier 4 (100+), so streams get 80.
 */
const updateRate: UpdateBudgetRate = { updates: 40, windowMs: 60_000 };
const streamRate: UpdateBudgetRate = { updates: 80, windowMs: 60_000 };
/** An answer grows visibly about once a second, and never faster. */
const minIntervalMs = 1_000;

/**
 * The worker's side of Slack, through the Web API only: reads a thread, and answers in it. In channel
 * threads the answer is posted once and edited; in DMs it streams natively (chat.startStream …), falling
 * back to post-and-edit for good when the workspace has no native streaming.
 */
export function createSlackPlatform(options: SlackPlatformOptions): Platform {
  const { client, state, logger } = options;
  const identity = cachedIdentity(client);
  const reader = createThreadReader({
    ...options,
    identity,
    ...(client.token ? { files: { token: client.token, apiUrl: client.slackApiUrl } } : {}),
  });
  let nativeStreaming = true;
  let agentSessions = true;

  return {
    name: "slack",
    readConversation: (ask, signal) => reader.read(ask, signal),
    async openReply(ask: Ask, { ledger }) {
      const { workspace, channel, thread: threadTs } = ask.conversation;
      const thread = { channel, threadTs };
      const indicator = createWorkingIndicator(client, { ...thread, messageTs: ask.messageId }, logger, {
        firstShowAt: ask.receivedAt + (options.statusDelayMs ?? 1_000),
      });
      const streams = nativeStreaming && isDirectMessageChannel(channel);
      const resumed = ((await ledger.read())?.messageIds.length ?? 0) > 0;
      const chosen = streams
        ? createStreamMessenger(
            client,
            thread,
            indicator,
            () => {
              logger.info({ workspace }, "native streaming unavailable here; posting and editing instead");
              nativeStreaming = false;
            },
            { askId: ask.id, logger },
          )
        : createThreadMessenger(client, thread, indicator, {
            askId: ask.id,
            stop: !resumed,
            logger,
            questionTs: ask.messageId,
          });
      // A DM is an agent session in Slack's agent view: processing while answered, active after.
      const messenger =
        agentSessions && isDirectMessageChannel(channel)
          ? withAgentSession(chosen, client, ask, logger, () => {
              logger.info({ workspace }, "no agent sessions in this app or workspace; not setting them");
              agentSessions = false;
            })
          : chosen;
      const budget = streams
        ? state.updateBudget(`slack-stream-${workspace}`, streamRate)
        : state.updateBudget(`slack-${workspace}`, updateRate);
      return createMessageReply({
        messenger: resumed
          ? messenger
          : onFirstPost(messenger, () =>
              options.metrics?.firstVisibleText.observe(
                { platform: "slack" },
                (Date.now() - ask.receivedAt) / 1000,
              ),
            ),
        ledger,
        render: renderSlackMarkdown,
        minIntervalMs,
        budget,
      });
    },
  };
}

/** Tells when the answer first shows in Slack (time to first visible text). */
function onFirstPost(messenger: Messenger, first: () => void): Messenger {
  let posted = false;
  return {
    ...messenger,
    async post(text, position) {
      const id = await messenger.post(text, position);
      if (!posted) first();
      posted = true;
      return id;
    },
  };
}

/** auth.test once per process (and again after a failure): the bot's ids tell its own messages apart. */
function cachedIdentity(client: WebClient): () => Promise<BotIdentity> {
  let identity: Promise<BotIdentity> | undefined;
  return () => {
    identity ??= slackCall("auth.test", () => client.auth.test()).then(
      (result) => ({ userId: result.user_id ?? "", botId: result.bot_id ?? "" }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return identity;
  };
}
