import type { Usage } from "../core/model.js";

/** Dollars per million tokens of one model. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute cache, which is what rte asks for). */
  cacheWrite: number;
  /** Reading from the prompt cache. */
  cacheRead: number;
  /** Dollars per web search (not per million): the same for every model. */
  webSearch: number;
}

/** Model id → price. A dated snapshot id (`claude-sonnet-5-5-20261001`) finds its family's price. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** An RTE_PRICES entry: the cache prices may be left out and follow from the input price. */
export interface PriceOverride {
  input: number;
  output: number;
  cacheWrite?: number | undefined;
  cacheRead?: number | undefined;
  webSearch?: number | undefined;
}

/**
 * Anthropic's 5-minute cache write costs 1.25× the input price and a cache read 0.1×, for every model
 * (platform.claude.com pricing and prompt-caching pages).
 */
const cacheWriteFactor = 1.25;
const cacheReadFactor = 0.1;
/**
 * "$10 per 1,000 searches plus standard token costs" (platform.claude.com web search tool page). Web fetch
 * adds no fee beyond the tokens of the pages it reads, and code execution none when either web tool is
 * offered alongside, as rte's default does; alone it is billed per container hour, which usage does not report.
 */
export const webSearchPrice = 0.01;

function listPrice(input: number, output: number): ModelPrice {
  return {
    input,
    output,
    cacheWrite: input * cacheWriteFactor,
    cacheRead: input * cacheReadFactor,
    webSearch: webSearchPrice,
  };
}

/**
 * List prices in dollars per million tokens as Anthropic published them in November 2026. Prices move:
 * RTE_PRICES overrides any entry or adds a model. Haiku 5.5 costs five times more for prompts over 100K
 * tokens; its entry is the lower tier, which covers rte's default 100K history budget.
 */
export const defaultPrices: PriceTable = {
  "claude-sonnet-5-5": listPrice(2, 10),
  "claude-opus-5-5": listPrice(4, 20),
  "claude-haiku-5-5": listPrice(0.1, 0.5),
  "claude-fable-5-2": listPrice(8, 40),
  "claude-fable-5-1": listPrice(10, 50),
  "claude-sonnet-5": listPrice(2, 10),
  "claude-opus-5": listPrice(5, 25),
  "claude-haiku-4-5": listPrice(1, 5),
};

/** The defaults with RTE_PRICES laid over them. */
export function createPriceTable(overrides: Readonly<Record<string, PriceOverride>> = {}): PriceTable {
  const table: Record<string, ModelPrice> = { ...defaultPrices };
  for (const [model, override] of Object.entries(overrides)) {
    const base = listPrice(override.input, override.output);
    table[model] = {
      ...base,
      cacheWrite: override.cacheWrite ?? base.cacheWrite,
      cacheRead: override.cacheRead ?? base.cacheRead,
      webSearch: override.webSearch ?? base.webSearch,
    };
  }
  return Object.freeze(table);
}

/** The exact model's price, else the longest listed id the model id extends (`<id>-<date>`). */
export function priceFor(table: PriceTable, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  const family = Object.keys(table)
    .filter((id) => model.startsWith(`${id}-`))
    .sort((left, right) => right.length - left.length)[0];
  return family === undefined ? undefined : table[family];
}

/** What this usage costs at these prices, in dollars: tokens, and the searches billed per request. */
export function estimateCost(usage: Usage, price: ModelPrice): number {
  // Anthropic's input_tokens excludes the cached tokens, so the four counts add up without overlap.
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheWriteTokens * price.cacheWrite +
      usage.cacheReadTokens * price.cacheRead) /
      1_000_000 +
    usage.webSearchRequests * price.webSearch
  );
}
