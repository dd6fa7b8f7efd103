/**
 * Answers to parse, for the tests that hold the outline's parsers to each other: fragments chosen to hit
 * containers, tabs, tables, headings and code, put together at random (seeded, so a failure repeats), and
 * every prefix of an answer (what a streaming update parses).
 */
export const fragments = [
  "Plain prose with `inline code` and **bold**.",
  "Two backticks ``a ` b`` and a run ``` not closed",
  "A span across lines `starts here\ncontinues` after.",
  "```ts\nconst a = 1;\n```",
  "~~~python\nprint('hi')\n~~~",
  "````markdown\n```bash\nnpm ci\n```\n````",
  "```ts title=x {1,3}\nlet x;\n```",
  "``` js\nspaced info\n```",
  "```\nunclosed fence\nline",
  "```\n    ```\n",
  "    indented code\n    second line",
  "\tindented by tab\n\tmore",
  "- item one\n- item `two`\n\n  ```js\n  nested();\n  ```",
  "1. first\n2. second with `code`\n   ```\n   in ordered\n   ```",
  "- a\n\n      indented in list",
  "-\tTab item\n\t```\n\tcode after tab\n\t```",
  "  - nested\n    - deeper `x`\n      ```\n      in deeper\n      ```",
  "> quoted `x`\n> ```sh\n> echo hi\n> ```",
  "> lazy\ncontinuation `y`",
  "> - nested list in quote\n>   ```\n>   deep\n>   ```",
  "> ```\n> open in quote",
  "> ```\n> open, then a blank quoted line\n>",
  "> - list in quote\n>   ```\n>",
  "- item\n  ```\n  open in item\n\n",
  "> quote\n\n    code after quote",
  "| A | B |\n|---|---|\n| `x` | y |\n| z |",
  "A | B\n--|--\nc `|` d | e\nf",
  "| Transport | Latency |\n| :--- | ---: |\n| SSE **bold** | low<br>ish |\n| WS | `a \\| b` |",
  "- | In | List |\n  |----|------|\n  | a | b |",
  "> | q | t |\n> |---|---|\n> | 1 | 2 |",
  "| only header |\n|---|",
  "| a | b |\n| - | - |\n| 1 | 2 | 3 |",
  "| *em* | `a` `b` |\n|:-:|--|\n| **x** | [l](u) |",
  "# Title",
  "### Deep `heading` ###",
  "#### Four **bold**",
  "## Escaped \\# hash `c` #",
  "## ",
  "  ## indented heading  ",
  "Setext `one`\n===",
  "Setext two  \nlines\n---",
  "- Setext in list\n  ---",
  "> ### quoted heading",
  "- #### heading in list",
  "Heading after text\n## h",
  "<div>\n`not code` in html\n</div>",
  '<span title="`">tag</span> then `real`',
  "[link `code` text](http://x.com) and ![img `alt`](y.png)",
  "[ref]: http://example.com\n\n[ref] `after ref`",
  "www.example.com/`path` and https://x.y/`z`",
  "Footnote[^1] `x`\n\n[^1]: note\n\n    more of the note",
  "Hard break  \nnext `line`",
  "Text with \\`escaped backtick\\` and `ok`",
  "`unclosed inline code",
  "Unicode — café `naïve` 🎉 and\u00a0`nbsp`",
  "```\u00a0weird\ninfo\n```",
  "```ts\n\tconst tabbed = 1;\n```",
  "~~strike `code`~~ and - [ ] task `one`",
  "Para\n    not code (lazy)",
  "Trailing spaces   ",
  "***",
];

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export function randomAnswers(count: number): string[] {
  const random = seeded(17);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(fragments)).reduce(
      (answer, fragment) => `${answer}${pick(["\n\n", "\n", "\n\n\n"])}${fragment}`,
    ),
  );
}

export function streamingPrefixes(answer: string, step: number): string[] {
  return Array.from({ length: Math.ceil(answer.length / step) }, (_, index) =>
    answer.slice(0, (index + 1) * step),
  );
}
