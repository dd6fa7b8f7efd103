import type { Redis } from "ioredis";
import type { Ask } from "../core/ask.js";
import { keyFor } from "../store/keys.js";

export interface AdmissionLimits {
  maxQuestionCharacters: number;
  perUserPerTenMinutes: number;
  perChannelPerTenMinutes: number;
  /** Channel, workspace or guild ids; empty means every channel may ask. */
  allowedChannels: string[];
  deniedUsers: string[];
}

/** Why a question was refused, as a stable word for metrics; `reason` is the sentence the user reads. */
export type RefusalCause =
  | "denied-user"
  | "channel-not-allowed"
  | "empty-question"
  | "too-long"
  | "user-rate-limit"
  | "channel-rate-limit";

export type Admission =
  | { admitted: true }
  | { admitted: false; cause: RefusalCause; reason: string; silent?: boolean };

const windowSeconds = 600;

/**
 * Checks a question before it is queued: allowlist, denylist, size and per-user/per-channel rate limits
 * (fixed ten-minute windows in Redis, shared by every ingress process). Every refusal carries the sentence
 * the user will read.
 */
export function createAdmission(redis: Redis, prefix: string, limits: AdmissionLimits) {
  const allowed = new Set(limits.allowedChannels);
  const denied = new Set(limits.deniedUsers);
  return async function admit(ask: Ask): Promise<Admission> {
    const { conversation } = ask;
    if (denied.has(ask.author.id))
      return { admitted: false, cause: "denied-user", reason: "denied user", silent: true };
    if (allowed.size > 0 && !allowed.has(conversation.channel) && !allowed.has(conversation.workspace)) {
      return {
        admitted: false,
        cause: "channel-not-allowed",
        reason: "rte is not enabled in this channel. Ask an admin to add it to RTE_ALLOWED_CHANNELS.",
      };
    }
    if (ask.text.trim() === "") {
      return {
        admitted: false,
        cause: "empty-question",
        reason:
          "What would you like to ask? Mention me with your question, e.g. `@rte how do I scale socket.io past one node?`",
      };
    }
    if (ask.text.length > limits.maxQuestionCharacters) {
      return {
        admitted: false,
        cause: "too-long",
        reason: `That question is ${ask.text.length.toLocaleString("en-US")} characters; the limit is ${limits.maxQuestionCharacters.toLocaleString("en-US")}. Trim it to the relevant part, or attach long logs as a file.`,
      };
    }
    const window = Math.floor(ask.receivedAt / 1000 / windowSeconds);
    const userKey = keyFor(prefix, "rate", "user", ask.conversation.platform, ask.author.id, String(window));
    const channelKey = keyFor(
      prefix,
      "rate",
      "channel",
      ask.conversation.platform,
      conversation.channel,
      String(window),
    );
    const results = await redis
      .multi()
      .incr(userKey)
      .expire(userKey, windowSeconds)
      .incr(channelKey)
      .expire(channelKey, windowSeconds)
      .exec();
    const userCount = Number(results?.[0]?.[1] ?? 0);
    const channelCount = Number(results?.[2]?.[1] ?? 0);
    const retryAt = new Date((window + 1) * windowSeconds * 1000);
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - ask.receivedAt) / 60_000));
    if (userCount > limits.perUserPerTenMinutes) {
      return {
        admitted: false,
        cause: "user-rate-limit",
        reason: `You've asked ${limits.perUserPerTenMinutes} questions in the last few minutes. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      };
    }
    if (channelCount > limits.perChannelPerTenMinutes) {
      return {
        admitted: false,
        cause: "channel-rate-limit",
        reason: `This channel has reached its limit of ${limits.perChannelPerTenMinutes} questions per 10 minutes. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      };
    }
    return { admitted: true };
  };
}
