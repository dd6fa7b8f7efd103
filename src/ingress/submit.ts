import { type Ask, conversationKey } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import { maskSecrets } from "../core/mask-secrets.js";
import type { AskQueue } from "../queue/ask-queue.js";
import type { Admission, RefusalCause } from "./admission.js";

export type SubmitResult =
  | { status: "queued" }
  | { status: "duplicate" }
  /** `cause` is always set by createSubmit; it is optional so results made by hand (test fakes) stay valid. */
  | { status: "refused"; reason: string; silent: boolean; cause?: RefusalCause };

export type Submit = (ask: Ask) => Promise<SubmitResult>;

/**
 * What every platform's ingress calls with a normalized Ask: admit, then queue. It rejects (throws) only
 * when the question could not be stored, so the caller can answer the platform with an error.
 */
export function createSubmit(options: {
  queue: AskQueue;
  admit: (ask: Ask) => Promise<Admission>;
  logger: Logger;
  onSubmitted?: (ask: Ask, result: SubmitResult) => void;
}): Submit {
  return async (ask) => {
    if (await options.queue.hasSeen(ask.id)) return { status: "duplicate" };
    const admission = await options.admit(ask);
    const result: SubmitResult = admission.admitted
      ? await options.queue.enqueue(ask)
      : {
          status: "refused",
          reason: admission.reason,
          silent: admission.silent ?? false,
          cause: admission.cause,
        };
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
