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

export interface Refusal {
  cause: RefusalCause;
  reason: string;
  silent?: boolean;
}

/** The two fixed-window counters a question is counted in. */
export interface RateKeys {
  user: string;
  channel: string;
}

/** Questions counted by the rate-limit window, this one included. */
export interface RateCounts {
  user: number;
  channel: number;
}

export const rateWindowSeconds = 600;

export interface Admission {
  /** The checks that need no Redis: denylist, allowlist, empty, too long. */
  refusal(ask: Ask): Refusal | undefined;
  /** Where this question is counted (fixed ten-minute windows, shared by every ingress process). */
  rateKeys(ask: Ask): RateKeys;
  /** The rate-limit verdict once the question has been counted (the counts include it). */
  rateRefusal(ask: Ask, counts: RateCounts): Refusal | undefined;
}

/**
 * Checks a question before it is queued: allowlist, denylist, size and per-user/per-channel rate limits.
 * It decides; it does not talk to Redis: submit() counts the question in the same round trip as its claim
 * and duplicate check (intake-gate.ts), so an acknowledgement waits for one round trip there, not three.
 * Every refusal carries the sentence the user will read.
 */
export function createAdmission(prefix: string, limits: AdmissionLimits): Admission {
  const allowed = new Set(limits.allowedChannels);
  const denied = new Set(limits.deniedUsers);
  const windowOf = (ask: Ask) => Math.floor(ask.receivedAt / 1000 / rateWindowSeconds);
  return {
    refusal(ask) {
      const { conversation } = ask;
      if (denied.has(ask.author.id)) return { cause: "denied-user", reason: "denied user", silent: true };
      if (allowed.size > 0 && !allowed.has(conversation.channel) && !allowed.has(conversation.workspace)) {
        return {
          cause: "channel-not-allowed",
          reason: "rte is not enabled in this channel. Ask an admin to add it to RTE_ALLOWED_CHANNELS.",
        };
      }
      if (ask.text.trim() === "") {
        return {
          cause: "empty-question",
          reason:
            "What would you like to ask? Mention me with your question, e.g. `@rte how do I scale socket.io past one node?`",
        };
      }
      if (ask.text.length > limits.maxQuestionCharacters) {
        return {
          cause: "too-long",
          reason: `That question is ${ask.text.length.toLocaleString("en-US")} characters; the limit is ${limits.maxQuestionCharacters.toLocaleString("en-US")}. Trim it to the relevant part, or attach long logs as a file.`,
        };
      }
      return undefined;
    },
    rateKeys(ask) {
      const window = String(windowOf(ask));
      const platform = ask.conversation.platform;
      return {
        user: keyFor(prefix, "rate", "user", platform, ask.author.id, window),
        channel: keyFor(prefix, "rate", "channel", platform, ask.conversation.channel, window),
      };
    },
    rateRefusal(ask, counts) {
      const retryAt = (windowOf(ask) + 1) * rateWindowSeconds * 1000;
      const minutes = Math.max(1, Math.ceil((retryAt - ask.receivedAt) / 60_000));
      if (counts.user > limits.perUserPerTenMinutes) {
        return {
          cause: "user-rate-limit",
          reason: `You've asked ${limits.perUserPerTenMinutes} questions in the last few minutes. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        };
      }
      if (counts.channel > limits.perChannelPerTenMinutes) {
        return {
          cause: "channel-rate-limit",
          reason: `This channel has reached its limit of ${limits.perChannelPerTenMinutes} questions per 10 minutes. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        };
      }
      return undefined;
    },
  };
}
