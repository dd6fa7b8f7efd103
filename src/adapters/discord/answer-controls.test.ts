import { ComponentType } from "@discordjs/core/http-only";
import { describe, expect, it } from "vitest";
import { commentModal, commentOf, controlId, feedbackRow, readControl, stopRow } from "./answer-controls.js";

describe("answer controls", () => {
  it("round-trips the Ask id through a custom_id and ignores ids that are not rte's", () => {
    expect(readControl(controlId("down", "discord-123"))).toEqual({ action: "down", askId: "discord-123" });
    expect(readControl("rte:explode:discord-1")).toBeUndefined();
    expect(readControl("other-bot:up:1")).toBeUndefined();
    expect(readControl("rte:up:")).toBeUndefined();
  });

  it("keeps every custom_id within Discord's 100 characters for a long Ask id", () => {
    const askId = `slack-T${"0".repeat(10)}-C${"0".repeat(10)}-1700000000_000000`;
    const ids = [
      ...stopRow(askId).components,
      ...feedbackRow(askId).components,
      { custom_id: commentModal(askId).custom_id },
    ].map((component) => component.custom_id);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
  });

  it("reads the comment from a label or an action row, blank as none", () => {
    const input = (value: string) => ({
      type: ComponentType.TextInput as const,
      id: 2,
      custom_id: "comment",
      value,
    });
    expect(
      commentOf({
        custom_id: "rte:comment:a",
        components: [{ type: ComponentType.Label, id: 1, component: input(" slow ") }],
      }),
    ).toBe("slow");
    expect(
      commentOf({
        custom_id: "rte:comment:a",
        components: [{ type: ComponentType.ActionRow, id: 1, components: [input("  ")] }],
      }),
    ).toBeUndefined();
  });
});
