import { describe, expect, it } from "vitest";
import { loadPersona } from "../../persona/persona.js";
import { maxSuggestedPrompts, suggestedPrompts } from "./suggested-prompts.js";

describe("suggestedPrompts", () => {
  it("offers up to four prompts titled after the persona's strengths", () => {
    const prompts = suggestedPrompts(loadPersona());
    expect(prompts.length).toBeGreaterThanOrEqual(1);
    expect(prompts.length).toBeLessThanOrEqual(maxSuggestedPrompts);
    expect(prompts[0]).toEqual({
      title: "socket.io and raw WebSockets",
      message:
        "What should I get right with socket.io and raw WebSockets? I'm thinking of rooms and namespaces and middleware.",
    });
    expect(prompts[1]?.message).toMatch(/^What should I get right with live chat\?/);
    for (const prompt of prompts) expect(prompt.title.length).toBeLessThanOrEqual(40);
  });

  it("falls back to one prompt when the persona lists no strengths", () => {
    expect(suggestedPrompts("You are a helpful engineer.")).toHaveLength(1);
  });
});
