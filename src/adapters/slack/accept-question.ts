import type { Ask } from "../../core/ask.js";
import type { Submit, SubmitResult } from "../../ingress/submit.js";

/**
 * Long enough to cover the two deliveries of one mention (`app_mention` and `message` arrive within
 * moments of each other) and Slack's immediate retry; short enough that when the process holding a claim
 * dies mid-request, Slack's next retry (about a minute later) finds it gone and the question is not lost.
 */
export const deliveryClaimTtlSeconds = 30;

export type AcceptQuestion = (ask: Ask) => Promise<SubmitResult>;

/** Where Slack's delivery claims live, under the queue's prefix. */
export const deliveryClaimScope = "slack:claim";

/**
 * The one path every Slack question takes into the queue: claim the message (one delivery of it acts),
 * admit it and queue it durably, its thread joined so follow-ups there are answered without a mention; the
 * claim, the checks and the counting go to Redis in one round trip, the job and the joined thread in a
 * second (submit.ts). The claim matters because a question that is refused (rate limit, allowlist, empty)
 * is never queued, so without it both deliveries of a mention would count against the asker's limit and
 * post the refusal twice; it is given back when the question could not be stored, so Slack's retry can
 * take it. Rejects only when the question could not be stored; the caller then answers Slack with an error
 * so Slack delivers it again.
 */
export function createAcceptQuestion(options: { submit: Submit; now?: () => number }): AcceptQuestion {
  const { submit } = options;
  const recent = createRecentClaims(options.now ?? Date.now);
  const claim = { scope: deliveryClaimScope, ttlSeconds: deliveryClaimTtlSeconds };
  return async (ask) => {
    // The twin delivery and Slack's retries mostly reach the process that took the first one: they are
    // answered from memory, with no round trip. Redis stays the judge for every first sighting here.
    if (!recent.claim(ask.id)) return { status: "duplicate" };
    try {
      return await submit(ask, { claim });
    } catch (error) {
      recent.release(ask.id);
      throw error;
    }
  };
}

/**
 * The ids this process claimed in the last `deliveryClaimTtlSeconds`, in claim order, so the oldest are
 * dropped from the front. A claim given back (handling failed) is forgotten at once, so Slack's retry of
 * that delivery is handled again.
 */
function createRecentClaims(now: () => number) {
  const claimedAt = new Map<string, number>();
  const ttlMs = deliveryClaimTtlSeconds * 1000;
  return {
    claim(id: string): boolean {
      const time = now();
      for (const [oldest, at] of claimedAt) {
        if (time - at < ttlMs) break;
        claimedAt.delete(oldest);
      }
      if (claimedAt.has(id)) return false;
      claimedAt.set(id, time);
      return true;
    },
    release(id: string): void {
      claimedAt.delete(id);
    },
  };
}
