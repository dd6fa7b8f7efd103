import { describe, expect, it } from "vitest";
import { TextBuilder } from "./text-builder.js";

describe("TextBuilder", () => {
  it("gives back exactly what was appended, in order, however many pieces", () => {
    const text = new TextBuilder();
    const pieces = Array.from({ length: 1_000 }, (_, index) => `δ${index} `);
    for (const [index, piece] of pieces.entries()) {
      text.append(piece);
      if (index % 97 === 0) expect(text.toString()).toBe(pieces.slice(0, index + 1).join(""));
    }
    expect(text.toString()).toBe(pieces.join(""));
    expect(text.length).toBe(pieces.join("").length);
  });

  it("is empty until something is appended, and ignores empty pieces", () => {
    const text = new TextBuilder();
    text.append("");
    expect([text.toString(), text.length]).toEqual(["", 0]);
    text.append("a");
    text.append("");
    expect([text.toString(), text.length]).toEqual(["a", 1]);
  });
});
