import type { Redis } from "ioredis";
import { keyFor } from "../../store/keys.js";

/** Longer than Discord replays anything after a resume, and than two ingress processes race. */
const noticeTtlSeconds = 24 * 3_600;

/**
 * A refusal is not queued, so the queue's dedupe cannot stop a replayed MESSAGE_CREATE, or a second
 * ingress process, from telling the user twice. This claims the right to speak about one question.
 */
export function createNoticeOnce(redis: Redis, prefix: string) {
  return async (askId: string): Promise<boolean> =>
    (await redis.set(keyFor(prefix, "notice", askId), "1", "EX", noticeTtlSeconds, "NX")) === "OK";
}

export type NoticeOnce = ReturnType<typeof createNoticeOnce>;
