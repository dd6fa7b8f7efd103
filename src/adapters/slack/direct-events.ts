import type { IncomingHttpHeaders } from "node:http";
import { isValidSlackRequest } from "@slack/bolt";
import { isRecord } from "./request-shape.js";

/** An `app_mention` or `message` delivery, with the workspace Bolt would put in its context. */
export interface MessageDelivery {
  event: Record<string, unknown>;
  teamId: string;
}

/**
 * The deliveries the HTTP route answers itself: `event_callback`s of `app_mention` and `message`, nearly all
 * of the traffic (each channel mention arrives as both). Bolt's path for them costs more than everything the
 * acknowledgement has to wait for (a second body parse, context and middleware for every listener of every
 * kind, bench --profile); the handler needs only the event, the workspace and who the bot is. The workspace
 * is what Bolt's `buildSource` takes: the first authorization's team, else the body's `team_id`.
 */
export function messageDelivery(body: unknown): MessageDelivery | undefined {
  if (!isRecord(body) || body.type !== "event_callback" || !isRecord(body.event)) return undefined;
  const { event } = body;
  if (event.type !== "app_mention" && event.type !== "message") return undefined;
  const [first] = Array.isArray(body.authorizations) ? body.authorizations : [];
  const authorized = isRecord(first) && typeof first.team_id === "string" ? first.team_id : undefined;
  const teamId = authorized ?? (typeof body.team_id === "string" ? body.team_id : "");
  return { event, teamId };
}

/**
 * Slack's signature over the raw body (docs.slack.dev/authentication/verifying-requests-from-slack), checked
 * by Bolt's own `isValidSlackRequest`, as its receiver would; the timestamp's ±5 minutes were checked
 * before the body was read (request-timestamp.ts).
 */
export function isSignedBySlack(
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  signingSecret: string,
): boolean {
  const signature = headers["x-slack-signature"];
  const timestamp = Number(headers["x-slack-request-timestamp"]);
  if (typeof signature !== "string") return false;
  return isValidSlackRequest({
    signingSecret,
    body: rawBody.toString(),
    headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
  });
}

/** `X-Slack-Retry-Num` on a redelivery (Bolt's `context.retryNum`). */
export function retryNumber(headers: IncomingHttpHeaders): number | undefined {
  const value = Number(headers["x-slack-retry-num"]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
