import type { Ask } from "../../core/ask.js";
import type { Submit, SubmitResult } from "../../ingress/submit.js";
import type { DeliveryClaims } from "../../store/claim-once.js";
import type { JoinedConversations } from "../../store/joined-conversations.js";

export type AcceptQuestion = (ask: Ask) => Promise<SubmitResult>;

/**
 * The one path every Slack question takes into the queue: claim the message (one delivery of it acts),
 * submit it (admission, then the durable enqueue), and join its thread so follow-ups there are answered
 * without a mention. Rejects only when the question could not be stored; the caller then answers Slack
 * with an error so Slack delivers it again.
 */
export function createAcceptQuestion(options: {
  submit: Submit;
  joined: JoinedConversations;
  claims: DeliveryClaims;
}): AcceptQuestion {
  const { submit, joined, claims } = options;
  return async (ask) => {
    if (!(await claims.claim(ask.id))) return { status: "duplicate" };
    try {
      const result = await submit(ask);
      if (result.status !== "refused") await joined.join(ask.conversation);
      return result;
    } catch (error) {
      await claims.release(ask.id).catch(() => {});
      throw error;
    }
  };
}
