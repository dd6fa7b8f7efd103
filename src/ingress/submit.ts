import { type Ask, conversationKey } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import { maskSecrets } from "../core/mask-secrets.js";
import type { AskQueue } from "../queue/ask-queue.js";
import { keyFor } from "../store/keys.js";
import { type Admission, type Refusal, type RefusalCause, rateWindowSeconds } from "./admission.js";
import type { IntakeGate } from "./intake-gate.js";

export type SubmitResult =
  | { status: "queued" }
  | { status: "duplicate" }
  /** `cause` is always set by createSubmit; it is optional so results made by hand (test fakes) stay valid. */
  | { status: "refused"; reason: string; silent: boolean; cause?: RefusalCause };

export interface SubmitOptions {
  /**
   * Claim this message for this delivery first (one SET NX under `<prefix>:<scope>:<ask id>` for
   * `ttlSeconds`): a platform that delivers one message several times (Slack: `app_mention` and `message`,
   * and its retries) gets one result that speaks (queued, or the refusal) and `duplicate` for the others.
   * The claim is given back when the question could not be stored, so the platform's retry can take it.
   */
  claim?: { scope: string; ttlSeconds: number };
}

export type Submit = (ask: Ask, options?: SubmitOptions) => Promise<SubmitResult>;

/**
 * What every platform's ingress calls with a normalized Ask: claim, admit, then queue, in two round trips
 * to Redis (the gate, then the enqueue). It rejects (throws) only when the question could not be stored,
 * so the caller can answer the platform with an error.
 */
export function createSubmit(options: {
  queue: AskQueue;
  admission: Admission;
  gate: IntakeGate;
  prefix: string;
  logger: Logger;
  onSubmitted?: (ask: Ask, result: SubmitResult) => void;
}): Submit {
  const { queue, admission, gate, prefix } = options;
  const decide = async (
    ask: Ask,
    claimKey: string | undefined,
    claimTtl: number,
  ): Promise<SubmitResult | undefined> => {
    const refused = admission.refusal(ask);
    const verdict = await gate.pass({
      seenKey: queue.seenKey(ask.id),
      rateKeys: admission.rateKeys(ask),
      count: refused === undefined,
      rateWindowSeconds,
      claim: claimKey === undefined ? undefined : { key: claimKey, ttlSeconds: claimTtl },
    });
    if (verdict.kind !== "open") return undefined;
    const refusal = refused ?? (verdict.counts && admission.rateRefusal(ask, verdict.counts));
    if (refusal) return refusedWith(refusal);
    try {
      return await queue.enqueue(ask);
    } catch (error) {
      if (claimKey !== undefined) await gate.release(claimKey).catch(() => {});
      throw error;
    }
  };
  return async (ask, submitOptions = {}) => {
    const { claim } = submitOptions;
    const claimKey = claim ? keyFor(prefix, claim.scope, ask.id) : undefined;
    const result = await decide(ask, claimKey, claim?.ttlSeconds ?? 0);
    // Another delivery of the same message, or one already queued: it was logged and counted when it came.
    if (result === undefined) return { status: "duplicate" };
    // The same fields as every line of the job (the ask id becomes the job id), so one filter finds both.
    options.logger.info(
      {
        jobId: ask.id,
        platform: ask.conversation.platform,
        conversation: conversationKey(ask.conversation),
        trigger: ask.trigger,
        status: result.status,
        ...(result.status === "refused" ? { cause: result.cause } : {}),
      },
      "question received",
    );
    // The question itself only at debug, and never with credentials someone pasted into it.
    options.logger.debug({ jobId: ask.id, text: maskSecrets(ask.text) }, "question text");
    options.onSubmitted?.(ask, result);
    return result;
  };
}

function refusedWith(refusal: Refusal): SubmitResult {
  return { status: "refused", reason: refusal.reason, silent: refusal.silent ?? false, cause: refusal.cause };
}
