import type { Ask } from "../../src/core/ask.js";

/** A Slack mention as ingress builds it, received now; `overrides` changes any part of it. */
export function sampleSlackAsk(overrides: Partial<Ask> = {}): Ask {
  return {
    id: "slack-T1-C1-1700000000_000100",
    conversation: { platform: "slack", workspace: "T1", channel: "C1", thread: "1700000000.000100" },
    messageId: "1700000000.000100",
    author: { id: "U1" },
    text: "How do I scale socket.io past one node?",
    trigger: "mention",
    receivedAt: Date.now(),
    ...overrides,
  };
}
