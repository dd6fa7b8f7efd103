import type { IncomingHttpHeaders } from "node:http";

/** "If the absolute value of the difference is more than five minutes, ignore the request." */
export const timestampToleranceSeconds = 300;

/**
 * Slack's replay rule, as its docs state it: `X-Slack-Request-Timestamp` is a Unix time in whole seconds,
 * and a request whose timestamp is more than five minutes from our clock, either way, is refused
 * (docs.slack.dev/authentication/verifying-requests-from-slack). Bolt checks only the past side and reads
 * the header with `Number()`, so a signed request dated in the future, or with ` 1e9`, `0x…` or `-1`, got
 * through. Checked before Bolt sees the request; the signature is still Bolt's to verify. Only digits count:
 * no sign, no spaces, no exponent, no fraction, and no repeated header (Node joins those with ", ").
 *
 * Socket Mode has nothing of this: its envelopes carry neither signature nor timestamp, because the
 * WebSocket itself is authenticated (a one-time URL from `apps.connections.open` with the app-level token),
 * so there is no replayable request to date.
 */
export function isFreshSlackTimestamp(headers: IncomingHttpHeaders, nowMs: number): boolean {
  const value = headers["x-slack-request-timestamp"];
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(value)) <= timestampToleranceSeconds;
}
