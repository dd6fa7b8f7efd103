import { describe, expect, it } from "vitest";
import { finishesWithin } from "./finishes-within.js";

describe("finishesWithin", () => {
  it("is true for a promise that resolves in time", async () => {
    expect(await finishesWithin(Promise.resolve("done"), 1_000)).toBe(true);
  });

  it("is false, without waiting longer, for a promise that never settles", async () => {
    const started = Date.now();

    expect(await finishesWithin(new Promise(() => {}), 50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("passes on a rejection that comes in time", async () => {
    await expect(finishesWithin(Promise.reject(new Error("refused")), 1_000)).rejects.toThrow("refused");
  });
});
