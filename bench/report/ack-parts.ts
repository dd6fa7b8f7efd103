/**
 * Where the slowest acknowledgements' time went. The client measures an ack from starting its request to
 * seeing the status line; on a machine it shares with the bot, part of that is the client's own wait for a
 * core or for its event loop. Joining each delivery's client-side timeline with the receiving process's
 * span for the same delivery (probe.ts `namedRequests`, by `x-bench-delivery`) splits it in four:
 * - `clientBeforeWrite`: start until the request was handed to the socket, in the client;
 * - `toRequestEvent`: the kernel, then the receiving process until Node emitted `request`;
 * - `inside`: the request event until the response was handed to the socket (verify, claim, enqueue);
 * - `clientAfterResponse`: the kernel, then the client until its response callback ran.
 * Both processes read the same epoch clock (`performance.timeOrigin + performance.now()`). The client's
 * "written" is when Node reported the request flushed, which can come after the receiver already has it:
 * a negative `toRequestEvent` is that, not a clock error. Likewise "response written" is the response's
 * last byte, so a bot that sends its status line before finishing the body can read a negative
 * `clientAfterResponse`.
 */
import type { Delivery } from "../load/event-sender.js";
import { percentile } from "./stats.js";

export interface AckParts {
  /** Deliveries at or above the ack p99, whose parts are averaged. */
  count: number;
  clientBeforeWriteMs: number;
  toRequestEventMs: number;
  insideMs: number;
  clientAfterResponseMs: number;
}

export function slowestAckParts(
  deliveries: readonly Delivery[],
  namedRequests: Readonly<Record<string, readonly [number, number]>>,
): AckParts | undefined {
  const joined = deliveries.flatMap((delivery) => {
    const { timeline, ackMs } = delivery;
    const span = timeline === undefined ? undefined : namedRequests[timeline.id];
    if (timeline?.writtenAt === undefined || span === undefined || ackMs === undefined) return [];
    const [requestEvent, responseWritten] = span;
    return [
      {
        ackMs,
        clientBeforeWriteMs: timeline.writtenAt - timeline.startedAt,
        toRequestEventMs: requestEvent - timeline.writtenAt,
        insideMs: responseWritten - requestEvent,
        clientAfterResponseMs: timeline.startedAt + ackMs - responseWritten,
      },
    ];
  });
  if (joined.length === 0) return undefined;
  const p99 = percentile(
    joined.map((row) => row.ackMs).sort((left, right) => left - right),
    0.99,
  );
  const slowest = joined.filter((row) => row.ackMs >= p99);
  const mean = (part: (row: (typeof slowest)[number]) => number) =>
    slowest.reduce((total, row) => total + part(row), 0) / slowest.length;
  return {
    count: slowest.length,
    clientBeforeWriteMs: mean((row) => row.clientBeforeWriteMs),
    toRequestEventMs: mean((row) => row.toRequestEventMs),
    insideMs: mean((row) => row.insideMs),
    clientAfterResponseMs: mean((row) => row.clientAfterResponseMs),
  };
}
