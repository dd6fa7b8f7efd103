/**
 * Sends signed Events API deliveries over HTTP like Slack does and measures each acknowledgement from the
 * client side: the time from starting the request to the response's status line. A delivery not
 * acknowledged within Slack's 3 s is retried once with `x-slack-retry-num: 1` (Slack retries up to three
 * times over minutes; one is enough to show whether a slow ack turns into a duplicate answer). A scenario
 * can also send a redelivery on purpose (`retryNumber`), as Slack does after a timeout it saw on its side.
 */
import { Agent, request } from "node:http";
import { signSlackRequest } from "../../test/fakes/slack-signing.js";
import { deliveryIdHeader } from "./delivery-id.js";

export interface Delivery {
  /** Epoch ms when the request started (comparable with the fakes' Date.now()). */
  sentAt: number;
  /** Milliseconds to the status line; undefined when no answer came. */
  ackMs?: number;
  status?: number;
  /** Whether Slack would have retried it (no 2xx within 3 s). */
  retried: boolean;
  error?: string;
  /**
   * Where the first request's time went, on the epoch clock both this process and the receiving one read
   * (`performance.timeOrigin + performance.now()`): its `x-bench-delivery` id, when it started, and when
   * the whole request had been handed to the socket. The receiving process's probe records the same id
   * (report/ack-parts.ts).
   */
  timeline?: DeliveryTimeline;
}

export interface DeliveryTimeline {
  id: string;
  startedAt: number;
  writtenAt?: number;
}

const slackAckTimeoutMs = 3_000;
const giveUpMs = 30_000;

export function createEventSender(url: string, signingSecret: string) {
  // Slack keeps connections to an app open; sockets are not the limit here.
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 1_024 });
  const target = new URL(url);
  let sent = 0;

  const post = (
    body: string,
    retryNumber: number,
  ): Promise<{ status?: number; ackMs?: number; error?: string; timeline: DeliveryTimeline }> =>
    new Promise((resolve) => {
      const startedAt = performance.now();
      const timeline: DeliveryTimeline = {
        id: String(++sent),
        startedAt: performance.timeOrigin + startedAt,
      };
      const headers: Record<string, string> = {
        "content-type": "application/json",
        [deliveryIdHeader]: timeline.id,
        "content-length": String(Buffer.byteLength(body)),
        ...signSlackRequest(signingSecret, body),
      };
      if (retryNumber > 0) {
        headers["x-slack-retry-num"] = String(retryNumber);
        headers["x-slack-retry-reason"] = "http_timeout";
      }
      const outgoing = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, agent },
        (response) => {
          const ackMs = performance.now() - startedAt;
          response.resume();
          resolve({ status: response.statusCode ?? 0, ackMs, timeline });
        },
      );
      outgoing.setTimeout(giveUpMs, () => outgoing.destroy(new Error("no answer within 30 s")));
      outgoing.on("error", (error) => resolve({ error: error.message, timeline }));
      outgoing.once("finish", () => {
        timeline.writtenAt = performance.timeOrigin + performance.now();
      });
      outgoing.end(body);
    });

  return {
    async send(payload: object, retryNumber = 0): Promise<Delivery> {
      const body = JSON.stringify(payload);
      const sentAt = Date.now();
      const first = post(body, retryNumber);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), slackAckTimeoutMs);
      });
      const early = await Promise.race([first, deadline]);
      clearTimeout(timer);
      const late = early === "late" || early.status === undefined || early.status >= 300;
      if (late) await post(body, retryNumber + 1);
      const result = await first;
      return { sentAt, retried: late, ...result };
    },
    close() {
      agent.destroy();
    },
  };
}

export type EventSender = ReturnType<typeof createEventSender>;
