import type { Config } from "../config.js";
import { ConfigError } from "../core/errors.js";
import { connectRedis, waitForRedis } from "../redis/connect-redis.js";
import { createFeedbackStore } from "../store/feedback-store.js";

/** `rte feedback [count]`: the most recent 👍/👎 with the question and answer they were about. */
export async function runFeedback(config: Readonly<Config>, words: string[]): Promise<number> {
  if (!config.redisUrl) {
    throw new ConfigError(
      "Configuration problem:\n  REDIS_URL is not set\n      `rte feedback` reads the Redis your bot uses: set REDIS_URL to it.",
    );
  }
  const limit = Math.max(1, Number(words[0] ?? 20) || 20);
  const redis = connectRedis(config.redisUrl, "command");
  try {
    await waitForRedis(redis, config.redisUrl);
    const entries = await createFeedbackStore(redis, config.queuePrefix).recent(limit);
    if (entries.length === 0) process.stdout.write("No feedback yet.\n");
    for (const entry of entries) {
      const where = entry.answer
        ? `${entry.answer.conversation.platform} ${entry.answer.conversation.channel}`
        : "(answer expired)";
      process.stdout.write(
        `${entry.verdict === "up" ? "👍" : "👎"} ${new Date(entry.at).toISOString()} ${where} by ${entry.userId}` +
          `${entry.answer ? ` — model ${entry.answer.model}, persona ${entry.answer.personaVersion}` : ""}\n` +
          `   Q: ${clip(entry.answer?.question ?? "")}\n   A: ${clip(entry.answer?.answer ?? "")}\n` +
          `${entry.comment ? `   comment: ${entry.comment}\n` : ""}`,
      );
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
