import type { Config } from "../config.js";
import { createLogger } from "../observability/logger.js";
import { connectRedis, waitForRedis } from "../redis/connect-redis.js";
import { leaseRedis } from "../runtime/redis-url.js";
import { formatUsagePeriod, summarizeUsage } from "../usage/usage-report.js";
import { createUsageRollup, monthToDate, utcDay } from "../usage/usage-rollup.js";

/**
 * `rte usage [--json]`: today's and this month's answers, tokens and estimated cost by channel and by user,
 * read from the daily roll-up the workers keep in Redis. Days are UTC.
 */
export async function runUsage(config: Readonly<Config>, words: string[]): Promise<number> {
  const unknown = words.filter((word) => word !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`Usage: rte usage [--json]   (unknown: ${unknown.join(" ")})\n`);
    return 2;
  }
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  const lease = await leaseRedis(config, logger);
  const redis = connectRedis(lease.url, "command");
  try {
    await waitForRedis(redis, lease.url);
    const rollup = createUsageRollup(redis, config.queuePrefix);
    const now = Date.now();
    const today = utcDay(now);
    const month = monthToDate(now);
    const periods = [
      summarizeUsage(`Today, ${today} (UTC)`, await rollup.read([today]), config.prices),
      summarizeUsage(`This month, ${month[0]} to ${today} (UTC)`, await rollup.read(month), config.prices),
    ];
    if (words.includes("--json")) {
      process.stdout.write(`${JSON.stringify({ today: periods[0], month: periods[1] }, null, 2)}\n`);
    } else {
      process.stdout.write(`${periods.map(formatUsagePeriod).join("\n")}\n`);
      process.stdout.write("Estimated at list prices; set RTE_PRICES to change them.\n");
    }
    return 0;
  } finally {
    redis.disconnect();
    await lease.release();
  }
}
