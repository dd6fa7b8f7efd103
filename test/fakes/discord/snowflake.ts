/**
 * Snowflake ids as Discord mints them: milliseconds since the Discord epoch in the top 42 bits, then worker,
 * process and a per-process increment. discord.js reads `createdTimestamp` from them, and the fake orders
 * messages by them (`before`/`after`), so they must be real snowflakes, not counters.
 * https://discord.com/developers/docs/reference#snowflakes
 */
const discordEpoch = 1_420_070_400_000n;

export function snowflakeAt(timestampMs: number, increment = 0): string {
  const time = BigInt(timestampMs) - discordEpoch;
  return ((time << 22n) | (1n << 17n) | BigInt(increment & 0xfff)).toString();
}

/** Ids that only grow, even when two are minted in the same millisecond. */
export function createSnowflakes(clock: () => number = Date.now): () => string {
  let lastTime = 0;
  let increment = 0;
  return () => {
    let now = clock();
    if (now > lastTime) {
      increment = 0;
    } else {
      now = lastTime;
      increment += 1;
      if (increment > 0xfff) {
        now += 1;
        increment = 0;
      }
    }
    lastTime = now;
    return snowflakeAt(now, increment);
  };
}

export function compareSnowflakes(left: string, right: string): number {
  const difference = BigInt(left) - BigInt(right);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export function timestampOf(snowflake: string): string {
  return new Date(Number((BigInt(snowflake) >> 22n) + discordEpoch)).toISOString();
}
