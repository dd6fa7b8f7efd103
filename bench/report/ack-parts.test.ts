import { describe, expect, it } from "vitest";
import type { Delivery } from "../load/event-sender.js";
import { slowestAckParts } from "./ack-parts.js";

/** A delivery that started at `startedAt`, was written 1 ms later and acknowledged after `ackMs`. */
function delivery(id: string, startedAt: number, ackMs: number): Delivery {
  return {
    sentAt: startedAt,
    ackMs,
    status: 200,
    retried: false,
    timeline: { id, startedAt, writtenAt: startedAt + 1 },
  };
}

describe("slowestAckParts", () => {
  it("splits the slowest 1 % of acks into the client's and the receiver's parts, which add up to the ack", () => {
    // 200 deliveries: 197 fast ones and three slow, so the p99 (the 198th by nearest rank) is a slow one.
    const deliveries = Array.from({ length: 200 }, (_, index) =>
      delivery(String(index), 1_000 * index, index >= 197 ? 30 : 4),
    );
    const spans: Record<string, [number, number]> = {};
    for (const { timeline } of deliveries) {
      if (timeline === undefined) continue;
      const slow = Number(timeline.id) >= 197;
      // Slow ones: 3 ms to the request event, 20 ms inside, 6 ms back to the client.
      spans[timeline.id] = slow
        ? [timeline.startedAt + 4, timeline.startedAt + 24]
        : [timeline.startedAt + 1.5, timeline.startedAt + 3];
    }
    const parts = slowestAckParts(deliveries, spans);
    expect(parts).toEqual({
      count: 3,
      clientBeforeWriteMs: 1,
      toRequestEventMs: 3,
      insideMs: 20,
      clientAfterResponseMs: 6,
    });
    const sum = parts
      ? parts.clientBeforeWriteMs + parts.toRequestEventMs + parts.insideMs + parts.clientAfterResponseMs
      : 0;
    expect(sum).toBe(30);
  });

  it("leaves out deliveries the receiver has no span for, and gives nothing when none match", () => {
    const deliveries = [delivery("1", 0, 5), { sentAt: 0, retried: false, error: "refused" }];
    expect(slowestAckParts(deliveries, {})).toBeUndefined();
    expect(slowestAckParts(deliveries, { "1": [2, 4] })).toMatchObject({ count: 1, insideMs: 2 });
  });
});
