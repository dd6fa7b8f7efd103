import { describe, expect, it } from "vitest";
import { finishesWithin, settleWithin } from "./finishes-within.js";

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

describe("settleWithin", () => {
  it("gives the promise's value in time, and what late() gives after the timeout", async () => {
    expect(await settleWithin(Promise.resolve(7), 1_000, () => "late")).toBe(7);
    expect(await settleWithin(new Promise(() => {}), 20, () => "late")).toBe("late");
  });

  it("fails after the timeout when late() rejects", async () => {
    await expect(
      settleWithin(new Promise(() => {}), 20, () => Promise.reject(new Error("no answer"))),
    ).rejects.toThrow("no answer");
  });
});
