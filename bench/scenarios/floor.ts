/**
 * The burst client against a server that only acknowledges (`load/ack-server.ts`): the floor under every
 * ack latency this machine can measure, reported next to the bots'.
 */
import type { SeedRoot } from "../fakes/fakes-protocol.js";
import { createEventSender } from "../load/event-sender.js";
import { chatter, fire } from "../load/fire.js";
import { questionId, questionText } from "../load/questions.js";
import { mentionDeliveries } from "../load/slack-events.js";
import { nodeScript } from "../process/supervisor.js";
import { type Distribution, distribution } from "../report/stats.js";
import type { RunContext } from "./session.js";

export interface FloorResult {
  deliveries: number;
  sendRatePerSecond: number;
  ackMs: Distribution;
}

const identity = { teamId: "T0TEAM", botUserId: "U0BOT", appId: "A0BENCH" };

export async function measureFloor(
  context: RunContext,
  mentions: number,
  warmUp: number,
  /** The burst's pace: milliseconds between mentions, 0 as fast as the client can. */
  intervalMs = 0,
): Promise<FloorResult> {
  const child = context.supervisor.start("ack-server", {
    command: process.execPath,
    args: [nodeScript("load/ack-server.js")],
    env: { PATH: process.env.PATH ?? "" },
  });
  try {
    const port = await portOf(child.output, child.failed);
    const sender = createEventSender(`http://127.0.0.1:${port}/slack/events`, "floor-secret");
    await fire(sender, chatter(identity, warmUp), 0);
    const groups = Array.from({ length: mentions }, (_, index) => {
      const id = questionId("floor", index);
      const root: SeedRoot = {
        channel: "C0FLOOR",
        ts: `1700000000.${String(index).padStart(6, "0")}`,
        user: "U0ASKER",
        text: "",
        questionId: id,
      };
      return mentionDeliveries(identity, root, questionText(index, id));
    });
    const startedAt = Date.now();
    const results = (await fire(sender, groups, intervalMs)).flat();
    const sendMs = Math.max(...results.map((delivery) => delivery.sentAt)) - startedAt;
    sender.close();
    return {
      deliveries: results.length,
      sendRatePerSecond: sendMs > 0 ? (results.length / sendMs) * 1000 : Number.NaN,
      ackMs: distribution(
        results.flatMap((delivery) => (delivery.ackMs === undefined ? [] : [delivery.ackMs])),
      ),
    };
  } finally {
    await child.stop();
  }
}

async function portOf(output: () => string, failed: AbortSignal): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    failed.throwIfAborted();
    const port = Number(output().trim().split("\n")[0]);
    if (port > 0) return port;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the ack server did not start within 10 s");
}
