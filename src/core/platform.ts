import type { Ask, PlatformName, Turn } from "./ask.js";

/**
 * What a reply has already put on the platform, saved after every change so that a retried or resumed job
 * edits those messages instead of posting a second answer. The shape is the platform's to fill; it must
 * stay plain JSON.
 */
export interface ReplyProgress {
  messageIds: string[];
  /** Characters of the answer the platform already shows (append-only platforms skip what is there). */
  deliveredCharacters: number;
  /** Anything else the platform needs to resume (a Slack stream ts, a Discord thread id). */
  extra?: Record<string, string>;
}

/**
 * Where a reply keeps its progress between attempts (Redis in production, memory in unit tests), and the
 * fence that keeps two attempts of one answer from both writing it: only the attempt that owns the answer
 * may write the ledger or the platform. It leaves out how ownership is held (the worker's job lock).
 */
export interface ReplyLedger {
  read(): Promise<ReplyProgress | undefined>;
  /**
   * Saves progress; throws OwnershipLostError once this attempt no longer owns the answer. It saves nothing
   * when another attempt owns it, but still saves when ownership merely lapsed and nobody took it over (the
   * write records a post already made, which the next owner must see).
   */
  write(progress: ReplyProgress): Promise<void>;
  /**
   * Proves, right before a platform write, that this attempt still owns the answer and keeps it owned long
   * enough for that write and the ledger write after it; throws OwnershipLostError otherwise. Absent where
   * only one attempt can ever write (the terminal, unit tests).
   */
  confirmOwner?(): Promise<void>;
}

/**
 * How an answer ended, so the reply can say so honestly; `omittedTurns` counts the oldest messages of the
 * thread that did not fit the context budget.
 */
export interface ReplyEnding {
  kind: "complete" | "cut-at-length" | "paused" | "refused" | "context-too-long" | "stopped";
  omittedTurns?: number;
}

/**
 * One answer being written into one conversation: a capability already bound to it, so the core never
 * handles channel ids or clients. Text arrives as deltas; the reply decides how often the platform sees it.
 * It leaves out everything about how: throttling, splitting and formatting are the platform's.
 */
export interface Reply {
  /** Shows a short status while the answer is delayed or being worked on ("Claude is busy, retrying…"). */
  status(text: string): Promise<void>;
  /**
   * Says what the answer is waiting on while a server tool runs ("searching the web for “…”": lower-case,
   * no ending punctuation); the next text replaces it. Where the platform has a place for transient state
   * (a thread status) it goes there, else into the answer itself until text arrives.
   */
  progress(activity: string): Promise<void>;
  /**
   * Adds text to the answer. A promise only when the caller must wait for something: most texts only add
   * to what the next update shows, and at 1,000 answers a promise for each of the thousands of texts a
   * second was garbage the worker's main thread kept collecting.
   */
  append(delta: string): Promise<void> | undefined;
  finish(ending: ReplyEnding): Promise<void>;
  /** Ends the answer with a short, clear message for the user; no further edits follow. */
  fail(notice: string): Promise<void>;
}

/**
 * The port the worker speaks to a platform through. It reads the conversation the question belongs to and
 * opens replies bound to it. It deliberately leaves out ingress (receiving events) and anything that needs a
 * gateway connection: workers only use a platform's REST API.
 */
export interface Platform {
  readonly name: PlatformName;
  /** The conversation up to and including the question, oldest first. */
  readConversation(ask: Ask, signal: AbortSignal): Promise<Turn[]>;
  openReply(ask: Ask, options: { ledger: ReplyLedger; signal: AbortSignal }): Promise<Reply>;
}
