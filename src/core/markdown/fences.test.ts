import { describe, expect, it } from "vitest";
import { closeOpenFence, isFenceBalanced, parseFenceOpening, scanLines } from "./fences.js";

describe("parseFenceOpening", () => {
  it("reads backtick and tilde fences of any length, with their info string and indentation", () => {
    expect(parseFenceOpening("```ts")).toEqual({ marker: "```", info: "ts", indent: "" });
    expect(parseFenceOpening("````markdown ")).toEqual({ marker: "````", info: "markdown", indent: "" });
    expect(parseFenceOpening("~~~ python title=x")).toEqual({
      marker: "~~~",
      info: "python title=x",
      indent: "",
    });
    expect(parseFenceOpening("    ```json")).toEqual({ marker: "```", info: "json", indent: "    " });
    expect(parseFenceOpening("```ts\r")?.info).toBe("ts");
  });

  it("rejects what is not a fence", () => {
    expect(parseFenceOpening("``not a fence")).toBeUndefined();
    expect(parseFenceOpening("```js``` inline")).toBeUndefined();
    expect(parseFenceOpening("text ```ts")).toBeUndefined();
  });
});

describe("scanLines", () => {
  it("ends a block only at a closing fence of the same character and at least the same length", () => {
    const roles = scanLines("````md\n```ts\n~~~\n```\n````\nafter").map((line) => line.role);
    expect(roles).toEqual(["opening", "code", "code", "code", "closing", "prose"]);
  });

  it("does not take a fence with an info string as a closing fence", () => {
    const roles = scanLines("```\n```ts\n```").map((line) => line.role);
    expect(roles).toEqual(["opening", "code", "closing"]);
  });
});

describe("isFenceBalanced", () => {
  it("is true for prose and for closed blocks", () => {
    expect(isFenceBalanced("")).toBe(true);
    expect(isFenceBalanced("just `inline` code")).toBe(true);
    expect(isFenceBalanced("```ts\nconst a = 1;\n```\ntext")).toBe(true);
    expect(isFenceBalanced("~~~\n```\n~~~")).toBe(true);
  });

  it("is false while a block is open", () => {
    expect(isFenceBalanced("```ts\nconst a = 1;")).toBe(false);
    expect(isFenceBalanced("````md\n```\n")).toBe(false);
    expect(isFenceBalanced("~~~\n```")).toBe(false);
  });
});

describe("closeOpenFence", () => {
  it("closes a block left open by a partial answer with the marker that opened it", () => {
    expect(closeOpenFence("Here:\n```ts\nconst a")).toBe("Here:\n```ts\nconst a\n```");
    expect(closeOpenFence("```ts\nconst a = 1;\n")).toBe("```ts\nconst a = 1;\n```");
    expect(closeOpenFence("````md\n```js\nx")).toBe("````md\n```js\nx\n````");
    expect(closeOpenFence("~~~\ncode")).toBe("~~~\ncode\n~~~");
    expect(closeOpenFence("1. step\n   ```sh\n   ls")).toBe("1. step\n   ```sh\n   ls\n   ```");
  });

  it("leaves balanced text unchanged", () => {
    const balanced = "Intro\n```ts\nconst a = 1;\n```\n";
    expect(closeOpenFence(balanced)).toBe(balanced);
    expect(isFenceBalanced(closeOpenFence("```ts\nconst a"))).toBe(true);
  });
});
