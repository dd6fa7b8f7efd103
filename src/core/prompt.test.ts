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

describe("buildPrompt with files", () => {
  it("counts attached text against the budget and names who sent files alone", () => {
    const log = { name: "app.log", mimeType: "text/plain", text: "x".repeat(4_000) };
    const built = buildPrompt(
      [
        { role: "user", text: "old question", author: "alice", attachments: [log] },
        { role: "assistant", text: "old answer" },
        { role: "user", text: "", author: "bob", attachments: [{ ...log, name: "b.log", text: "short" }] },
        { role: "user", text: "why?", author: "bob" },
      ],
      { maxContextTokens: 500 },
    );
    expect(built.omittedTurns).toBe(1);
    expect(built.turns).toHaveLength(1);
    expect(built.turns.at(-1)?.text).toMatch(/\[bob\] attached a file\.\n\n\[bob\]: why\?$/);
  });
});
