import { describe, expect, it } from "vitest";
import { createPriceTable, defaultPrices, estimateCost, priceFor } from "./prices.js";

const million = 1_000_000;

describe("the price table", () => {
  it("prices Sonnet 5.5 at $2 in, $10 out, cache writes at 1.25× and reads at 0.1× the input price", () => {
    const price = priceFor(defaultPrices, "claude-sonnet-5-5");
    expect(price).toEqual({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, webSearch: 0.01 });
    if (!price) return;
    const oneMillionEach = {
      inputTokens: million,
      outputTokens: million,
      cacheWriteTokens: million,
      cacheReadTokens: million,
      webSearchRequests: 0,
      webFetchRequests: 0,
      codeExecutions: 0,
    };
    expect(estimateCost(oneMillionEach, price)).toBeCloseTo(2 + 10 + 2.5 + 0.2, 10);
  });

  it("adds $10 per 1,000 web searches to the tokens, and nothing for fetches or code runs", () => {
    const price = priceFor(defaultPrices, "claude-sonnet-5-5");
    if (!price) throw new Error("no Sonnet 5.5 price");
    const usage = {
      inputTokens: 0,
      outputTokens: 0,
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
      webSearchRequests: 3,
      webFetchRequests: 7,
      codeExecutions: 2,
    };
    expect(estimateCost(usage, price)).toBeCloseTo(0.03, 10);
    expect(
      createPriceTable({ "claude-sonnet-5-5": { input: 2, output: 10, webSearch: 0.02 } })[
        "claude-sonnet-5-5"
      ]?.webSearch,
    ).toBe(0.02);
  });

  it("finds a dated snapshot's family, and the longest family that matches", () => {
    expect(priceFor(defaultPrices, "claude-sonnet-5-5-20261001")?.input).toBe(2);
    expect(priceFor(defaultPrices, "claude-opus-5-20260724")?.input).toBe(5);
    expect(priceFor(defaultPrices, "claude-opus-5-5-20261001")?.input).toBe(4);
    expect(priceFor(defaultPrices, "some-other-model")).toBeUndefined();
  });

  it("lays overrides over the defaults, deriving cache prices the override leaves out", () => {
    const table = createPriceTable({
      "claude-sonnet-5-5": { input: 3, output: 15 },
      "my-model": { input: 1, output: 2, cacheWrite: 9, cacheRead: 0 },
    });
    expect(table["claude-sonnet-5-5"]).toEqual({
      input: 3,
      output: 15,
      cacheWrite: 3.75,
      cacheRead: expect.closeTo(0.3, 10),
      webSearch: 0.01,
    });
    expect(table["my-model"]).toEqual({ input: 1, output: 2, cacheWrite: 9, cacheRead: 0, webSearch: 0.01 });
    expect(table["claude-opus-5-5"]).toEqual(defaultPrices["claude-opus-5-5"]);
  });
});
