/**
 * Sends groups of deliveries open-loop: each group starts `intervalMs` after the previous one, or — at 0 —
 * as soon as the client has handed the previous one to the socket and let pending responses in (one turn
 * of the event loop), which is as fast as this client can send without starving its own measurements.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Delivery, EventSender } from "./event-sender.js";

/** A delivery to send: a payload, or a payload Slack delivers again (`X-Slack-Retry-Num`). */
export type Outgoing = object | { redelivery: object; retryNumber: number };

export async function fire(
  sender: EventSender,
  groups: Outgoing[][],
  intervalMs: number,
  signal?: AbortSignal,
): Promise<Delivery[][]> {
  const pending: Array<Promise<Delivery[]>> = [];
  const startedAt = performance.now();
  for (const [index, group] of groups.entries()) {
    signal?.throwIfAborted();
    pending.push(
      Promise.all(
        group.map((item) =>
          "redelivery" in item ? sender.send(item.redelivery, item.retryNumber) : sender.send(item),
        ),
      ),
    );
    // Paced against the start, not the previous group, so timer lateness does not slow the whole burst.
    const waitMs = startedAt + (index + 1) * intervalMs - performance.now();
    if (intervalMs > 0 && waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    else await nextTurn();
  }
  return Promise.all(pending);
}

/**
 * Top-level channel messages that mention nobody: an app subscribed to message.channels receives every one
 * of them. Sent before a measurement so connections, JIT and the bot's first-call setup are warm.
 */
export function chatter(
  identity: { teamId: string; appId: string; botUserId: string },
  count: number,
): object[][] {
  const base = Date.now() * 1_000 - 10_000_000;
  return Array.from({ length: count }, (_, index) => {
    const micros = base + index;
    const ts = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
    return [
      {
        token: "bench-verification-token",
        team_id: identity.teamId,
        api_app_id: identity.appId,
        event: {
          type: "message",
          channel: "C0CHATTER",
          channel_type: "channel",
          user: `U0TALKER${index % 10}`,
          text: "Deploy is done, the new build is live on staging.",
          ts,
          event_ts: ts,
          team: identity.teamId,
        },
        type: "event_callback",
        event_id: `Ev0CHATTER${String(index).padStart(6, "0")}`,
        event_time: Math.floor(micros / 1e6),
        authorizations: [
          {
            enterprise_id: null,
            team_id: identity.teamId,
            user_id: identity.botUserId,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
      },
    ];
  });
}
