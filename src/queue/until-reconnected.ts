/** What waiting needs of a connection: an ioredis client, or the same client as BullMQ hands it out. */
export interface ReconnectingConnection {
  readonly status: string;
  once(event: "ready" | "end", listener: () => void): unknown;
  off(event: "ready" | "end", listener: () => void): unknown;
}

/** ioredis statuses between losing Redis and being ready again (redis/connect-redis.ts retries for ever). */
const reconnectingStatuses = new Set(["reconnecting", "connecting", "connect"]);

/** True from losing Redis until ready again: a disconnect now could park the connection (see below). */
export function isReconnecting(connection: Pick<ReconnectingConnection, "status">): boolean {
  return reconnectingStatuses.has(connection.status);
}

/**
 * Resolves once a connection that lost Redis is ready again (or has ended), or after `timeoutMs`.
 *
 * Disconnecting a connection while it waits out its retry delay parks it: ioredis (6.0) clears the retry
 * timer and has no socket left to close, so it never emits "end" and its queued commands never settle
 * (open upstream as redis/ioredis#2169; BullMQ avoids the state in its blocking-read watchdog, bullmq#4585,
 * but not in Worker.close). Whoever waits for that "end" waits for ever. After a Redis restart a
 * connection spends up to redis/connect-redis.ts's 2 s retry delay in that state, so code about to
 * disconnect one (a BullMQ close) waits here first.
 */
export async function untilReconnected(connection: ReconnectingConnection, timeoutMs: number): Promise<void> {
  if (!isReconnecting(connection)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.off("ready", done);
      connection.off("end", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    connection.once("ready", done);
    connection.once("end", done);
  });
}
