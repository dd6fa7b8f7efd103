import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../../bench/fakes/answers.js";
import { goldenAnswers } from "../../../test/fixtures/answers/golden-answers.js";
import { fragments, randomAnswers, streamingPrefixes } from "../../../test/support/markdown-corpus.js";
import { outlineFromMarkdownIt } from "./outline-from-markdown-it.js";
import { createOutlineMemo } from "./outline-memo.js";

/** Every source read through one memo, in order, against a fresh read of the whole source. */
function differencesReading(sources: string[]) {
  const memo = createOutlineMemo();
  return sources.flatMap((source) => {
    const remembered = memo.marksOf(source);
    const whole = outlineFromMarkdownIt(source);
    return JSON.stringify(remembered) === JSON.stringify(whole) ? [] : [{ source, remembered, whole }];
  });
}

describe("an answer's outline memo: each render parses only from the last block it found", () => {
  it("gives the whole read's marks for every streaming prefix of the benchmark's and the golden answers", () => {
    const answers = [
      ...Array.from({ length: 10 }, (_, seed) => composeAnswer(seed, 6_000)),
      ...goldenAnswers.map((answer) => answer.markdown),
    ];
    for (const step of [1, 37, 193]) {
      const differences = answers.flatMap((answer) => differencesReading(streamingPrefixes(answer, step)));
      expect(differences).toEqual([]);
    }
  });

  it("gives the whole read's marks for every prefix of 1,500 answers put together from tricky fragments", () => {
    const differences = randomAnswers(1_500).flatMap((answer) =>
      differencesReading(streamingPrefixes(answer, 3)),
    );
    expect(differences).toEqual([]);
  });

  it("reads a source again whole when it does not go on from what was read (a status line, a rewrite)", () => {
    const answer = `${fragments.slice(0, 12).join("\n\n")}\n\nLast words.`;
    const withStatus = (text: string) => `${text}\n\n_Claude is busy, retrying…_`;
    const sources = [
      answer.slice(0, 200),
      withStatus(answer.slice(0, 200)),
      answer.slice(0, 400),
      `Rewritten from the start.\n\n${answer.slice(0, 300)}`,
      answer,
      withStatus(answer),
      answer.slice(0, 100),
      answer,
    ];
    expect(differencesReading(sources)).toEqual([]);
  });

  it("gives the whole read's marks when a link reference definition comes after the links that use it", () => {
    const early = "See [the adapter] for rooms.\n\n```ts\nio.adapter(createAdapter(pub, sub));\n```\n\n";
    const later = `${early}More prose with \`code\`.\n\n[the adapter]: https://socket.io/docs/v4/redis-adapter/\n`;
    expect(differencesReading([early, later, `${later}\nAnd \`one more\`.`])).toEqual([]);
  });
});
