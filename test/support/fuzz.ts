/**
 * Seeded payload mutation for fuzz tests: the same seed gives the same payloads on every machine, so a
 * failure names its seed and case number and can be replayed. Set FUZZ_SEED to try another sequence.
 */
export type Random = () => number;

/** mulberry32: small, fast, good enough to pick mutations. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function fuzzSeed(fallback: number): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isInteger(given) && given > 0 ? given : fallback;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const unicode = [
  "🚀👩🏽‍💻",
  "\u202Eevil\u202C",
  "\u200B\u200D\uFEFF",
  "\uD800",
  "\uDC00x",
  "e\u0301\u0301\u0301",
  "日本語のテキスト",
  "مرحبا",
  "\u0000\u0007\u001B[31m",
  "<@&1>@everyone<!here>",
];

/** A value of some type, often not the one expected. */
export function strangeValue(random: Random): unknown {
  switch (Math.floor(random() * 12)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1);
    case 3:
      return random() < 0.5;
    case 4:
      return "";
    case 5:
      return "x".repeat(20_000 + Math.floor(random() * 60_000));
    case 6:
      return pick(random, unicode).repeat(1 + Math.floor(random() * 50));
    case 7:
      return [];
    case 8:
      return {};
    case 9:
      return [pick(random, unicode), 1, null];
    case 10:
      return String(Math.floor(random() * 10 ** 19));
    default:
      return { nested: { deeper: pick(random, unicode) } };
  }
}

/** Every path to a value inside a JSON-like object, e.g. ["author", "id"]. */
function paths(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (typeof value !== "object" || value === null || depth > 4) return [];
  const found: string[][] = [];
  for (const key of Object.keys(value)) {
    const path = [...prefix, key];
    found.push(path, ...paths((value as Record<string, unknown>)[key], path, depth + 1));
  }
  return found;
}

function parentOf(root: Record<string, unknown>, path: string[]): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "object" && node !== null ? (node as Record<string, unknown>) : undefined;
}

/**
 * A copy of `base` with a few random mutations: a field deleted, set to null or a value of another type,
 * a huge or odd Unicode string, an unknown field added. `focused` are extra mutations that matter for the
 * payload at hand (bot flags, message types); one is applied about half the time.
 */
export function mutate<T>(
  base: T,
  random: Random,
  focused: Array<(payload: Record<string, unknown>) => void> = [],
): unknown {
  if (random() < 0.02) return strangeValue(random);
  const payload = structuredClone(base) as Record<string, unknown>;
  if (focused.length > 0 && random() < 0.5) pick(random, focused)(payload);
  const count = Math.floor(random() * 4);
  for (let index = 0; index < count; index++) {
    const all = paths(payload);
    if (all.length === 0) break;
    const path = pick(random, all);
    const parent = parentOf(payload, path);
    const key = path.at(-1) as string;
    if (!parent) continue;
    const roll = random();
    if (roll < 0.3) delete parent[key];
    else if (roll < 0.9) parent[key] = strangeValue(random);
    else parent[`unknown_${Math.floor(random() * 1000)}`] = strangeValue(random);
  }
  return payload;
}
