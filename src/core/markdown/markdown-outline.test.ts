import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../../bench/fakes/answers.js";
import { goldenAnswers } from "../../../test/fixtures/answers/golden-answers.js";
import { fragments, randomAnswers, streamingPrefixes } from "../../../test/support/markdown-corpus.js";
import { type Mark, outlineMarkdown } from "./markdown-outline.js";
import { outlineFromMarkdownIt } from "./outline-from-markdown-it.js";
import { outlineFromMdast } from "./outline-from-mdast.js";
import { renderAnswer } from "./render-answer.js";

/**
 * The fast parser (markdown-it) must give the reference parser's (micromark's) outline for every answer
 * it takes, or decline it: the corpus's fragments at random, real-shaped answers, and every prefix of the
 * benchmark's answers (what a streaming update parses).
 */
/**
 * An open fence that runs to the end of the answer ends, for micromark, after the trailing blank lines
 * of its container too; nothing reads them (prose after a block is trimmed, and closing a fence compares
 * with the trimmed end), so both sides are compared without them.
 */
function comparable(source: string, marks: Mark[]): Mark[] {
  return marks.map((mark) =>
    mark.type === "code" && !mark.closed
      ? { ...mark, end: mark.start + source.slice(mark.start, mark.end).trimEnd().length }
      : mark,
  );
}

describe("the markdown-it outline", () => {
  const benchAnswers = Array.from({ length: 10 }, (_, seed) => composeAnswer(seed, 6_000));
  const answers = [
    ...fragments,
    ...goldenAnswers.map((answer) => answer.markdown),
    ...randomAnswers(1_500),
    ...benchAnswers.flatMap((answer) => streamingPrefixes(answer, 193)),
  ];

  it("equals micromark's for every answer it does not leave to micromark", () => {
    const differences = answers.flatMap((answer) => {
      const source = answer.replace(/\r\n?/g, "\n");
      const fast = outlineFromMarkdownIt(source);
      if (fast === undefined) return [];
      const reference = outlineFromMdast(source);
      const same = JSON.stringify(comparable(source, fast)) === JSON.stringify(comparable(source, reference));
      return same ? [] : [{ source, fast, reference }];
    });
    expect(differences).toEqual([]);
  });

  it("reads the benchmark's answers and every streaming prefix of them itself", () => {
    const declined = benchAnswers
      .flatMap((answer) => streamingPrefixes(answer, 41))
      .filter((answer) => outlineMarkdown(answer).parser !== "markdown-it");
    expect(declined).toEqual([]);
  });

  it("leaves to micromark what it cannot place exactly, and the answer renders the same", () => {
    const answer = "| Call | Note |\n|---|---|\n| `a \\| b` | pipe |\n\n\tindented by a tab";
    expect(outlineMarkdown(answer).parser).toBe("micromark");
    const { messages } = renderAnswer(answer, {
      transform: (prose) => prose,
      limit: 2_000,
      maxLines: 40,
      excerptLines: 12,
    });
    expect(messages.join("\n")).toBe("- **`a | b`** — Note: pipe\n\n```\nindented by a tab\n```");
  });
});
