import { describe, expect, it } from "vitest";
import { buildPrompt } from "./prompt.js";

describe("buildPrompt", () => {
  it("attributes people, merges consecutive turns of one role and starts with the user", () => {
    const built = buildPrompt(
      [
        { role: "assistant", text: "Hi, ask me anything." },
        { role: "user", text: "We use socket.io v4.", author: "alice" },
        { role: "user", text: "   ", author: "bob" },
        { role: "user", text: "How do we scale it?", author: "bob" },
      ],
      { maxContextTokens: 10_000 },
    );
    expect(built.turns).toEqual([
      { role: "user", text: "[alice]: We use socket.io v4.\n\n[bob]: How do we scale it?", author: "alice" },
    ]);
    expect(built.omittedTurns).toBe(0);
  });
});
