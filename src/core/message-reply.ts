import { endingNotice } from "./endings.js";
import { isOwnershipLost, RteError } from "./errors.js";
import type { CodeFile } from "./markdown/code-files.js";
import { createOutlineMemo, type OutlineMemo } from "./markdown/outline-memo.js";
import { closeOpenFence } from "./markdown/parse-markdown.js";
import type { RenderedAnswer } from "./markdown/render-answer.js";
import { withdrawIfOrphaned } from "./orphaned-post.js";
import type { Reply, ReplyEnding, ReplyLedger } from "./platform.js";
import { TextBuilder } from "./text-builder.js";
import { adoptUnrecordedPost, postingKey, withAdopted } from "./unrecorded-post.js";

/**
 * The few message operations a chat platform offers, bound to one conversation. The platform adapter
 * supplies them; `createMessageReply` turns them into a streaming Reply. It leaves out formatting (the
 * adapter's `render`) and rate-limit retries (the adapter's client).
 */
export interface Messenger {
  /**
   * Posts the answer's message number `index` (0 for the first). A platform that can deduplicate posts
   * (Discord's nonce) derives its key from the answer and this index, so a post repeated by a resumed
   * attempt, whose first try the platform took but the ledger never recorded, is not shown twice.
   */
  post(text: string, position: { index: number; final?: FinalWrite }): Promise<string>;
  /**
   * Looks in the conversation for the answer's message number `index`, which an earlier attempt set out to
   * post (the ledger says so) but never recorded: it lost the job while the post was in flight. `after` is
   * the answer's message before it, if any. Where posts carry the answer's identity (Slack message
   * metadata) the new owner adopts that message instead of posting a second one; without `find` it posts.
   */
  find?(position: { index: number; after?: string }): Promise<string | undefined>;
  /** `final` marks the writes of the answer's final text, so a platform can finish a message in one call. */
  edit(messageId: string, text: string, final?: FinalWrite): Promise<void>;
  /** Removes a message a retried answer no longer fills. */
  remove(messageId: string): Promise<void>;
  /**
   * Called once when the answer has ended and its last text is shown, with the messages it fills and how
   * it ended: a platform adds what belongs on a finished answer (feedback buttons on the last message) and
   * takes away what belonged to one in progress (a Stop button), unless the final writes (`FinalWrite`)
   * already did. Plain posts and edits need nothing here.
   */
  ended?(answer: EndedAnswer): Promise<void>;
  /** A platform's own "working" indicator (Slack thread status, Discord typing); cleared with undefined. */
  showWorking?(text: string | undefined): Promise<void>;
  /**
   * Where the platform shows transient progress outside the answer (Slack's thread status): what a server
   * tool is doing, cleared with undefined once text flows again. Without it the reply shows the activity as
   * a status line in the answer's message, which the next text replaces.
   */
  showProgress?(activity: string | undefined): Promise<void>;
  /** Attaches a file to the conversation: code blocks the messages cannot carry (see `RenderedAnswer`). */
  upload?(file: CodeFile): Promise<void>;
  /**
   * Called once, after the final text is shown, with how the answer ended: lets a platform close what it
   * keeps open between edits (a Slack native stream, whose closing call can carry the 👍/👎 as well).
   * Messages that are plain posts and edits need nothing here.
   */
  end?(ending: EndedAnswer["ending"]): Promise<void>;
}

export interface EndedAnswer {
  /** The answer's messages, first to last. */
  messageIds: string[];
  /** How it ended; "failed" when it ended with an error notice instead. */
  ending: ReplyEnding["kind"] | "failed";
}

/**
 * Said with each write of an answer's final text: how the answer ended, and whether this message is its
 * last. A platform that decorates finished answers (Slack's 👍/👎 under the last message) does it in the
 * same call, instead of a second edit of a message whose text just changed. A message whose final text is
 * already shown gets no write, so `ended` still has to finish what the final writes did not.
 */
export interface FinalWrite {
  ending: EndedAnswer["ending"];
  last: boolean;
}

/** Permission for one intermediate update, drawn from a budget shared by every answer in a channel. */
export interface UpdateBudget {
  take(): Promise<boolean>;
}

export interface MessageReplyOptions {
  messenger: Messenger;
  ledger: ReplyLedger;
  /**
   * The platform's rendering of the Markdown answer so far: messages within its limits, and the code
   * blocks to attach as files. Called at every update with all the text so far, so it must be pure but
   * for `memo`, the answer's own, which only saves parsing again what the last render read.
   */
  render: (markdown: string, memo: OutlineMemo) => RenderedAnswer;
  /** Fewest milliseconds between two intermediate updates. */
  minIntervalMs: number;
  budget?: UpdateBudget;
  now?: () => number;
}

/**
 * Streaming updates an answer has earned `elapsedMs` after its first text went up: one per interval
 * streamed, less one. So an answer's calls (the first post, these updates, the final write) stay within
 * 2 + 1 per interval of streaming even when it also cost a "thinking" status call before its first text,
 * or when the stream reached us stretched by a busy worker (deltas sent within 1.9 s arriving over 2.1 s).
 * Slack's interval is a second, which makes that the benchmark's "2 + 1 calls per second streamed".
 */
function updatesEarnedAfter(minIntervalMs: number): (elapsedMs: number) => number {
  if (minIntervalMs <= 0) return () => Number.POSITIVE_INFINITY;
  return (elapsedMs) => Math.floor(elapsedMs / minIntervalMs) - 1;
}

/** Longest Retry-After the final write waits out in the job; a longer one fails into the job's retry. */
const maxFinalHoldMs = 60_000;

/**
 * A Reply for platforms that show an answer as messages: it posts once, edits as text arrives (throttled,
 * and only when the shared budget allows), continues in further messages when one is full (the platform's
 * `render` decides where), attaches the code blocks it sends as files once the answer ends, and records every message it posts in the ledger before moving on,
 * so a retried job edits those messages instead of posting a second answer.
 */
export async function createMessageReply(options: MessageReplyOptions): Promise<Reply> {
  const { messenger, ledger } = options;
  const now = options.now ?? Date.now;
  const updatesEarned = updatesEarnedAfter(options.minIntervalMs);
  const previous = await ledger.read();
  const messageIds = [...(previous?.messageIds ?? [])];
  if (previous && (await adoptUnrecordedPost(messenger, previous, messageIds))) {
    await ledger.write(withAdopted(previous, messageIds));
  }
  const uploaded = new Set((previous?.extra?.uploaded ?? "").split("\n").filter((name) => name !== ""));
  // After a resume we do not know what the old messages show, so every one is rewritten once.
  const shown: Array<string | undefined> = messageIds.map(() => undefined);
  // Grows by the model's deltas for the whole stream: text-builder.ts says why not `+=`.
  const text = new TextBuilder();
  const outlineMemo = createOutlineMemo();
  let statusLine: string | undefined;
  let progressShown = false;
  let lastUpdateAt = 0;
  /** When the answer's first text went up, and how many streaming updates followed it. */
  let firstTextAt: number | undefined;
  let streamingUpdates = 0;
  /** Until when the platform asked us not to write (a 429's Retry-After, as epoch ms). */
  let holdUntil = 0;
  let updating: Promise<void> | undefined;
  let backgroundError: unknown;
  let closed = false;

  /**
   * Every platform write is fenced by ownership of the answer (platform.ts `confirmOwner`), so an attempt
   * whose job was taken over stops at its next write instead of posting a second answer beside the new
   * owner's (an attempt whose hold merely lapsed, with nobody taking over, takes it back and goes on). What
   * remains is the window between the check and the ledger recording the write: the check keeps ownership
   * for a whole lock period, so only a post whose recording comes later than that (a request slower than
   * the platform clients' own timeouts, or a worker starved that long) can be unknown to an attempt that
   * took over meanwhile. Discord posts carry a nonce for that case; Slack posts are announced (`post`).
   */
  const fenced = async <T>(write: () => Promise<T>): Promise<T> => {
    await ledger.confirmOwner?.();
    return write();
  };

  /** Saves the progress; `posting` records the intent to post message number `posting` first. */
  const record = (posting?: number) => {
    const extra = {
      ...(uploaded.size > 0 ? { uploaded: [...uploaded].join("\n") } : {}),
      ...(posting === undefined ? {} : { [postingKey]: String(posting) }),
    };
    return ledger.write({
      messageIds: [...messageIds],
      deliveredCharacters: text.length,
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    });
  };

  /**
   * A post is announced in the ledger before it is made, when the platform can find an unrecorded post
   * (`find`): that write is fenced like any other, so it also proves ownership. An attempt that takes the
   * job over while the post is in flight, or after it landed unrecorded, finds it instead of posting again.
   *
   * What remains: a post that reaches the platform after the new owner looked. The announcing write keeps
   * the job for a whole lock period, and the new owner can only take it after that period and a stalled
   * check, read the ledger and look; so the post must take longer than all of that between the ledger
   * write and the platform (a request stuck that long, or a worker starved that long between the two).
   * The overload benchmark, with one-second locks and a starved worker, measures how often that happens.
   */
  const post = async (chunk: string, position: { index: number; final?: FinalWrite }) => {
    if (messenger.find) await record(position.index);
    else await ledger.confirmOwner?.();
    return messenger.post(chunk, position);
  };

  /** Attaches files once each (a resumed job skips what is already attached); the text points at them. */
  const attach = async (files: CodeFile[]): Promise<void> => {
    const upload = messenger.upload?.bind(messenger);
    if (!upload) return;
    for (const file of files) {
      if (uploaded.has(file.name)) continue;
      await fenced(() => upload(file));
      uploaded.add(file.name);
      await record();
    }
  };

  /** Shows `markdown`; `ending` marks the answer's final text, which also attaches its files. */
  const show = async (markdown: string, ending?: EndedAnswer["ending"]): Promise<void> => {
    const rendered = options.render(markdown, outlineMemo);
    if (ending !== undefined) await attach(rendered.files);
    const chunks = rendered.messages;
    for (const [index, chunk] of chunks.entries()) {
      const id = messageIds[index];
      const final = ending === undefined ? undefined : { ending, last: index === chunks.length - 1 };
      if (id === undefined) {
        const position = final ? { index, final } : { index };
        const posted = await post(chunk, position);
        messageIds.push(posted);
        shown.push(chunk);
        await record().catch(async (error: unknown) => {
          // Taken over while the post was in flight: the new owner may have posted it again.
          if (isOwnershipLost(error) && messenger.find) {
            await withdrawIfOrphaned({ ledger, messenger, messageId: posted, index }).catch(() => {});
          }
          throw error;
        });
      } else if (shown[index] !== chunk) {
        await fenced(() => (final ? messenger.edit(id, chunk, final) : messenger.edit(id, chunk)));
        shown[index] = chunk;
      }
    }
    return trimTo(chunks.length);
  };

  const trimTo = async (count: number): Promise<void> => {
    while (messageIds.length > count) {
      const id = messageIds.pop() as string;
      shown.pop();
      await fenced(() => messenger.remove(id));
      await record();
    }
  };

  const visible = () => {
    if (statusLine === undefined) return text.toString();
    const body = closeOpenFence(text.toString());
    return body === "" ? `_${statusLine}_` : `${body}\n\n_${statusLine}_`;
  };

  const settle = async () => {
    await updating;
    if (backgroundError !== undefined) throw backgroundError;
  };

  const updateSoon = () => {
    if (updating || closed || now() - lastUpdateAt < options.minIntervalMs || now() < holdUntil) return;
    if (firstTextAt !== undefined && streamingUpdates >= updatesEarned(now() - firstTextAt)) return;
    lastUpdateAt = now();
    const firstText = firstTextAt === undefined;
    updating = (async () => {
      // The first post is not an edit: it draws on the platform's posting limit (Slack: about one message
      // a second per channel), not on the edit budget streaming updates share, so it never waits for it.
      const firstPost = messageIds.length === 0;
      if (options.budget && !firstPost && !(await options.budget.take())) return;
      // Earned updates count from when the first text goes up, not from a try the budget refused (an
      // answer whose first text is an edit of a status it posted), which is tried again next interval.
      if (firstText) firstTextAt = now();
      else streamingUpdates += 1;
      await show(visible());
    })()
      .catch((error: unknown) => {
        // An update is optional: one the platform turned away for now (429 with Retry-After) is skipped,
        // and the next one, after the wait, shows its text too. Anything else fails the answer.
        const waitMs = error instanceof RteError && !isOwnershipLost(error) ? error.retryAfterMs : undefined;
        if (waitMs === undefined) backgroundError = error;
        else holdUntil = now() + waitMs;
      })
      .finally(() => {
        updating = undefined;
      });
  };

  const close = async (markdown: string, ending: EndedAnswer["ending"]) => {
    closed = true;
    await settle();
    // The final text must go out, but not before the platform's Retry-After: it would only be refused again
    // (and then the whole answer retried). A wait beyond a minute is left to the job's retry instead.
    const holdMs = holdUntil - now();
    if (holdMs > 0 && holdMs <= maxFinalHoldMs) await new Promise((resolve) => setTimeout(resolve, holdMs));
    await show(markdown, ending);
    await messenger.end?.(ending);
    await messenger.showWorking?.(undefined);
    await messenger.ended?.({ messageIds: [...messageIds], ending });
  };

  await messenger.showWorking?.("is thinking…");

  return {
    async status(line) {
      statusLine = line;
      await settle();
      await show(visible());
    },
    async progress(activity) {
      if (messenger.showProgress) {
        progressShown = true;
        await messenger.showProgress(activity);
        return;
      }
      statusLine = `${activity.charAt(0).toUpperCase()}${activity.slice(1)}…`;
      await settle();
      await show(visible());
    },
    append(delta) {
      if (backgroundError !== undefined) return Promise.reject(backgroundError);
      const added = () => {
        text.append(delta);
        statusLine = undefined;
        updateSoon();
      };
      if (!progressShown) {
        added();
        return undefined;
      }
      progressShown = false;
      return Promise.resolve(messenger.showProgress?.(undefined)).then(added);
    },
    async finish(ending) {
      const notice = endingNotice(ending);
      closed = true;
      await settle();
      const answered = text.toString();
      await close(notice ? `${closeOpenFence(answered)}\n\n${notice}` : answered, ending.kind);
    },
    async fail(notice) {
      const answered = text.toString();
      await close(answered === "" ? `⚠️ ${notice}` : `${closeOpenFence(answered)}\n\n⚠️ ${notice}`, "failed");
    },
  };
}
