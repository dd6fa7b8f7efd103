import type { Messenger } from "./message-reply.js";
import type { ReplyLedger } from "./platform.js";

/**
 * A post made by an attempt that then learned, recording it, that its job was taken over. The new owner
 * read the announcement (unrecorded-post.ts) and looked for the post; when the post reached the platform
 * only after that look, the new owner posted the same message again, and the thread shows the answer twice.
 * The overload benchmark shows it (two workers, 500 ms locks, load 7: 5 of 300 answers).
 *
 * The ledger settles which of the two messages is the answer's: the new owner records either the post it
 * adopted (this one: kept) or its own (this one is an orphan nobody will edit or finish: withdrawn). Until
 * the new owner records the index, the outcome is open, so the old attempt waits for it. What remains: a
 * new owner that records nothing within the wait (itself starved or dead, and the next owner slower still)
 * leaves the orphan in place, as before.
 */
export interface OrphanCheck {
  ledger: ReplyLedger;
  messenger: Messenger;
  /** The message this attempt posted, and its index in the answer. */
  messageId: string;
  index: number;
  /** Pauses between looks at the ledger; how many looks before giving up. */
  pause?: () => Promise<void>;
  looks?: number;
}

export type OrphanOutcome = "kept" | "withdrawn" | "unsettled";

const defaultPauseMs = 250;
/** 30 s: longer than a takeover takes under any load the overload benchmark produces. */
const defaultLooks = 120;

export async function withdrawIfOrphaned(check: OrphanCheck): Promise<OrphanOutcome> {
  const pause = check.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, defaultPauseMs)));
  const looks = check.looks ?? defaultLooks;
  for (let look = 0; look < looks; look++) {
    if (look > 0) await pause();
    const recorded = (await check.ledger.read())?.messageIds[check.index];
    if (recorded === undefined) continue;
    if (recorded === check.messageId) return "kept";
    // Not fenced: the message is this attempt's own, and the ledger proves no owner will ever use it.
    await check.messenger.remove(check.messageId);
    return "withdrawn";
  }
  return "unsettled";
}
