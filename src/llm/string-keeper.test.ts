import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createStringKeeper } from "./string-keeper.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Heap bytes still used by what `hold` returns, after a full collection. */
function retainedBytes(hold: () => unknown): number {
  collectGarbage();
  const before = getHeapStatistics().used_heap_size;
  const held = hold();
  collectGarbage();
  const after = getHeapStatistics().used_heap_size;
  expect(held).toBeDefined();
  return after - before;
}

/** A persona-sized string, copied the way a structured clone copies it. */
const persona = "You are rte, a senior real-time engineer. ".repeat(180);
const cloneOfPersona = () => structuredClone(persona);

describe("createStringKeeper", () => {
  it("gives back an equal string", () => {
    const keep = createStringKeeper();
    expect(keep(cloneOfPersona())).toBe(persona);
    expect(keep("other")).toBe("other");
  });

  it("holds one copy of a string repeated by 1,000 requests, where the clones alone would hold 1,000", () => {
    const keep = createStringKeeper();
    const clones = retainedBytes(() => Array.from({ length: 1_000 }, cloneOfPersona));
    const kept = retainedBytes(() => Array.from({ length: 1_000 }, () => keep(cloneOfPersona())));
    expect(clones).toBeGreaterThan(1_000 * persona.length * 0.9);
    expect(kept).toBeLessThan(persona.length * 4 + 64_000);
  });

  it("forgets the oldest string beyond its capacity, and still answers with an equal one", () => {
    const keep = createStringKeeper(2);
    keep("a");
    keep("b");
    keep("c");
    expect([keep("a"), keep("b"), keep("c")]).toEqual(["a", "b", "c"]);
  });
});
