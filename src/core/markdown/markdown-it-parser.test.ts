import { describe, expect, it } from "vitest";
import { markdownIt } from "./markdown-it-parser.js";

const inlineContents = (source: string) =>
  markdownIt
    .parse(source, {})
    .filter((token) => token.type === "inline")
    .map((token) => token.content);

describe("markdownIt's normalizing, skipped for a source it would not change", () => {
  it("still turns CR line endings into LF and NUL into U+FFFD where the source has them", () => {
    expect(inlineContents("first\r\nsecond\rthird\0end")).toEqual(["first\nsecond\nthird\uFFFDend"]);
  });

  it("parses a source with only LF line endings exactly as before", () => {
    const source = "# Title\n\nSome `code` here.\n\n```ts\nconst a = 1;\n```\n";
    const tokens = markdownIt.parse(source, {});
    expect(tokens.map((token) => [token.type, token.content, token.map])).toEqual(
      markdownIt
        .parse(source.replace(/\n/g, "\r\n"), {})
        .map((token) => [token.type, token.content, token.map]),
    );
  });
});
