import type { FakeSocketMode } from "./socket-mode.js";

/** One Web API request as the fake received it. */
export interface SlackCall {
  method: string;
  /**
   * The arguments with `token` removed. Form-encoded values stay strings (`limit: "2"`), except the
   * structured ones WebClient JSON-encodes (`blocks`, `chunks`, `files`, …), which are decoded.
   */
  args: Record<string, unknown>;
  /** From `Authorization: Bearer …`, else from a `token` argument. */
  token: string | undefined;
  /** `Date.now()` on arrival. */
  at: number;
  /** The request's Content-Type: form-encoded, JSON or multipart, as the client chose. */
  contentType?: string;
}

/**
 * Told of each Web API call as it is answered, with the JSON answer (undefined for a bare HTTP failure), so
 * a caller can follow what a method returned (e.g. the `ts` a post created) without polling `calls`.
 */
export type SlackCallListener = (call: SlackCall, response: Record<string, unknown> | undefined) => void;

/** A message in the fake's state, in Slack's field names. */
export interface SlackMessage {
  ts: string;
  channel: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  markdown_text?: string;
  blocks?: unknown[];
  /** `true` while a `chat.startStream` message is open, `false` once stopped or expired. */
  streaming?: boolean;
  /** Set when a person pressed Slack's Stop on the stream: appends then fail with `stopped_by_user`. */
  stoppedByUser?: boolean;
  /** Streamed chunks other than `markdown_text` (task_update, plan_update, blocks), in order. */
  chunks?: unknown[];
  files?: unknown[];
  reactions?: SlackReaction[];
  /** App metadata posted with the message (docs.slack.dev/messaging/message-metadata). */
  metadata?: SlackMessageMetadata;
}

export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/**
 * A one-shot failure for the next call to a method: a Slack error in an HTTP 200 body, a 429 with
 * `Retry-After`, or a bare HTTP status.
 */
export type SlackFailure =
  | { error: string }
  | { status: 429; retryAfterSeconds: number }
  | { status: number };

export interface SlackIdentity {
  botToken: string;
  botUserId: string;
  botId: string;
  teamId: string;
}

/**
 * A loopback stand-in for the Slack Web API (`https://slack.com/api/`) with an in-memory workspace.
 * Socket Mode is there when started with an `appToken`; over HTTP, post events to your app with
 * `slack-signing.ts`. Leaves out: enforcing scopes (it can only announce them), channel membership, rate limiting of its own (use `failNext`), and rendering of markdown.
 */
export interface FakeSlack extends SlackIdentity {
  /** Socket Mode, when started with an `appToken`. */
  socketMode?: FakeSocketMode;
  /** Base URL ending with "/api/": pass it as `slackApiUrl` / `SLACK_API_URL`. */
  url: string;
  /** Every Web API call in arrival order, including failed and retried ones. */
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** A thread's messages (root first), or a channel's top-level messages, oldest first. Copies. */
  messages(channel: string, threadTs?: string): SlackMessage[];
  /** Seeds a message (a human's, usually) without recording a call. */
  addMessage(message: Omit<SlackMessage, "ts"> & { ts?: string }): SlackMessage;
  /** Queues a one-shot failure for `method`; several queue up first in, first out. */
  failNext(method: string, failure: SlackFailure): void;
  /** Ends an open stream as Slack does after ~5 minutes: append and stop then fail. */
  expireStream(ts: string): void;
  /** Sets the topic conversations.info reports for a channel. */
  setTopic(channel: string, topic: string): void;
  /**
   * A person pressing Slack's native Stop under a streamed answer: Slack ends the thread's open streams
   * (appends then fail with `stopped_by_user`, an error chat.appendStream documents) and sends `agent_session_stopped`, whose
   * Events API envelope this returns for the test to deliver.
   */
  stopAgentSession(channel: string, threadTs: string, user: string): Record<string, unknown>;
  /** The bytes POSTed to a file's `upload_url`, if any. */
  fileContent(fileId: string): Buffer | undefined;
  /** Calls `listener` after every Web API call; returns a function that stops it. */
  onCall(listener: SlackCallListener): () => void;
  /**
   * Stores a file a person shared and returns its file object, as it appears in a message's `files`:
   * `url_private` serves the bytes on the fake to `Authorization: Bearer <bot token>` only.
   */
  shareFile(file: { name: string; mimetype?: string; content: string | Buffer }): Record<string, unknown> & {
    url_private: string;
  };
  /** Polls until `predicate` returns true; rejects with the calls seen so far on timeout (default 5 s). */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
