/**
 * One kept copy of each long string that many messages repeat. Every answer's request crosses into the
 * model thread by structured clone, which makes a new copy of the persona (about 7.5 KB) each time, and a
 * request lives as long as its stream: at 1,000 streaming answers those copies were 7.6 MB of the thread's
 * 48 MB heap (a heap snapshot of the thread, bench N = 1,000), which is capped at 64 MB. Swapping each copy
 * for the kept one lets the clone die young. Bounded, since the strings worth keeping (personas) change
 * only with a deploy.
 */
export function createStringKeeper(capacity = 8): (value: string) => string {
  const kept = new Map<string, string>();
  return (value) => {
    const existing = kept.get(value);
    if (existing !== undefined) return existing;
    if (kept.size >= capacity) kept.delete(kept.keys().next().value as string);
    kept.set(value, value);
    return value;
  };
}
