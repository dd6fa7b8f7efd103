import { describe, expect, it } from "vitest";
import { splitMarkdown } from "./split-markdown.js";

interface Block {
  info: string;
  code: string;
}

/**
 * The fenced blocks of a message, read by a parser independent of the one under test: their code, their
 * full text from fence to fence, and the opening line of a fence left open at the end.
 */
function readBlocks(markdown: string): { blocks: Block[]; whole: string[]; open: string | undefined } {
  const blocks: Block[] = [];
  const whole: string[] = [];
  let open: { marker: string; info: string; line: string; opening: string; lines: string[] } | undefined;
  for (const line of markdown.split("\n")) {
    const trimmed = line.trim();
    if (open === undefined) {
      const match = /^(`{3,}|~{3,})([^`]*)$/.exec(trimmed);
      if (match) {
        open = {
          marker: match[1] ?? "",
          info: (match[2] ?? "").trim(),
          line: trimmed,
          opening: line,
          lines: [],
        };
      }
    } else if (trimmed.length >= open.marker.length && trimmed === open.marker[0]?.repeat(trimmed.length)) {
      blocks.push({ info: open.info, code: open.lines.join("\n") });
      whole.push([open.opening, ...open.lines, line].join("\n"));
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  return { blocks, whole, open: open?.line };
}

/**
 * Joins chunks back into one document. Where a chunk was cut inside a code block, its added closing fence
 * and the next chunk's added opening fence are dropped and the code lines rejoined with "\n". A cut
 * inside a block and a cut between two identical blocks give the same chunks, so the original decides.
 */
function rejoin(chunks: string[], original: string): string {
  const target = squeeze(closeOpenFenceForComparison(original));
  let joined = chunks[0] ?? "";
  for (const chunk of chunks.slice(1)) {
    const lastBreak = joined.lastIndexOf("\n");
    const open = readBlocks(joined.slice(0, lastBreak)).open;
    const continued = `${joined.slice(0, lastBreak)}\n${chunk.slice(chunk.indexOf("\n") + 1)}`;
    const mayContinue = open !== undefined && chunk.slice(0, chunk.indexOf("\n")).trim() === open;
    // The chunk's own last line may be an added closing fence, which the original does not have there.
    const settled = continued.replace(/\n[ \t]*(`{3,}|~{3,})[ \t]*$/, "");
    joined = mayContinue && target.startsWith(squeeze(settled)) ? continued : `${joined}\n\n${chunk}`;
  }
  return joined;
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}

/** Every invariant a split must keep, checked against the original. */
function expectSoundSplit(original: string, chunks: string[], limit: number): void {
  for (const chunk of chunks) {
    expect(chunk.length).toBeLessThanOrEqual(limit);
    expect(readBlocks(chunk).open, `unbalanced fence in chunk:\n${chunk}`).toBeUndefined();
    expect(chunk.trim()).not.toBe("");
    expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(chunk)).toBe(false);
  }
  const normalized = original.replaceAll("\r\n", "\n");
  // A block that fits in one message is never split. Code must come back exactly, with its language;
  // prose may only lose whitespace at the cuts.
  const joined = rejoin(chunks, normalized);
  for (const block of readBlocks(normalized).whole) {
    if (block.length <= limit) expect(chunks.some((chunk) => chunk.includes(block))).toBe(true);
  }
  expect(readBlocks(joined).blocks).toEqual(closedBlocksOf(normalized));
  expect(squeeze(joined)).toBe(squeeze(closeOpenFenceForComparison(normalized)));
}

function closedBlocksOf(markdown: string): Block[] {
  return readBlocks(closeOpenFenceForComparison(markdown)).blocks;
}

function closeOpenFenceForComparison(markdown: string): string {
  const open = readBlocks(markdown).open;
  const lineBreak = markdown.endsWith("\n") ? "" : "\n";
  return open === undefined ? markdown : `${markdown}${lineBreak}${/^(`+|~+)/.exec(open)?.[0]}`;
}

function words(count: number, seed = 1): string {
  const vocabulary = ["socket", "fan-out", "latency", "backpressure", "redis", "ack", "p99", "shard", "🚀"];
  return Array.from({ length: count }, (_, index) => vocabulary[(index * 7 + seed) % vocabulary.length]).join(
    " ",
  );
}

function codeLines(count: number, prefix: string): string {
  return Array.from(
    { length: count },
    (_, index) => `${prefix}${index} = await fetch(\`/x/${index}\`);`,
  ).join("\n");
}

describe("splitMarkdown", () => {
  it("returns short text as one chunk and blank text as none", () => {
    expect(splitMarkdown("Hello **world**", 2000)).toEqual(["Hello **world**"]);
    expect(splitMarkdown("", 2000)).toEqual([]);
    expect(splitMarkdown(" \n\n ", 2000)).toEqual([]);
  });

  it("keeps text of exactly the limit whole, and splits it at limit - 1", () => {
    const text = `${"a".repeat(49)} ${"b".repeat(50)}`;
    expect(splitMarkdown(text, 100)).toEqual([text]);
    expect(splitMarkdown(text, 99)).toEqual(["a".repeat(49), "b".repeat(50)]);
  });

  it("fills a chunk to exactly the limit on a hard cut", () => {
    expect(splitMarkdown("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  it("prefers a blank line, then a line end, then a space", () => {
    const [a, b, c] = ["a".repeat(30), "b".repeat(10), "c".repeat(30)];
    expect(splitMarkdown(`${a}\n\n${b}\n${c}`, 50)).toEqual([a, `${b}\n${c}`]);
    expect(splitMarkdown(`${a}\n${b} ${c}`, 50)).toEqual([a, `${b} ${c}`]);
    expect(splitMarkdown("alpha beta gamma delta", 12)).toEqual(["alpha beta", "gamma delta"]);
  });

  it("passes over a preferred cut that would leave the message less than half full", () => {
    const [a, b, c] = ["a".repeat(5), "b".repeat(30), "c".repeat(30)];
    expect(splitMarkdown(`${a}\n\n${b}\n${c}`, 50)).toEqual([`${a}\n\n${b}`, c]);
    const [heading, paragraph] = ["## Heading", words(40)];
    const chunks = splitMarkdown(`${heading}\n${paragraph}`, 100);
    expect(chunks[0]?.startsWith(`${heading}\n${paragraph.slice(0, 40)}`)).toBe(true);
    expectSoundSplit(`${heading}\n${paragraph}`, chunks, 100);
  });

  it("moves a code block that fits in one message to the next one instead of splitting it", () => {
    const block = "```ts\nconst a = 1;\nconst b = 2;\n```";
    const chunks = splitMarkdown(`Intro line here.\n${block}\nOutro.`, block.length + 8);
    expect(chunks).toEqual(["Intro line here.", `${block}\nOutro.`]);
  });

  it("closes and reopens a long block with the same info string at line ends", () => {
    const code = codeLines(40, "const value");
    const text = `Here is the server:\n\n\`\`\`typescript title="server.ts"\n${code}\n\`\`\`\n\nThat is all.`;
    const chunks = splitMarkdown(text, 400);
    expectSoundSplit(text, chunks, 400);
    for (const chunk of chunks.slice(1, -1))
      expect(chunk.startsWith('```typescript title="server.ts"\n')).toBe(true);
    for (const chunk of chunks) expect(chunk).not.toMatch(/await fetch\(`\/x\/\d+`\);\S/);
  });

  it("handles ~~~ fences and ```` fences holding nested ``` lines", () => {
    const inner = `Use this README:\n\`\`\`bash\n${codeLines(10, "echo")}\n\`\`\`\nDone.`;
    const text = `Example:\n\n\`\`\`\`markdown\n${inner}\n\`\`\`\`\n\n~~~python\n${codeLines(12, "x")}\n~~~\n\nEnd.`;
    const chunks = splitMarkdown(text, 200);
    expectSoundSplit(text, chunks, 200);
    expect(chunks.filter((chunk) => chunk.includes("````markdown\n")).length).toBeGreaterThan(1);
    expect(chunks.filter((chunk) => chunk.startsWith("~~~python\n")).length).toBeGreaterThan(0);
    for (const chunk of chunks.filter((each) => each.includes("````markdown"))) {
      expect(chunk.trimEnd().endsWith("````")).toBe(true);
    }
  });

  it("closes a fence the model left open, whether or not the answer needed splitting", () => {
    expect(splitMarkdown("Try:\n```ts\nconst a = 1;", 2000)).toEqual(["Try:\n```ts\nconst a = 1;\n```"]);
    expect(splitMarkdown("```ts\nconst a = 1;\n", 2000)).toEqual(["```ts\nconst a = 1;\n```"]);
    const text = `Try:\n\`\`\`ts\n${codeLines(30, "let a")}`;
    expectSoundSplit(text, splitMarkdown(text, 300), 300);
  });

  it("splits a single 5,000-character line of prose or of code", () => {
    const line = words(800).slice(0, 5000);
    const prose = splitMarkdown(line, 2000);
    expect(prose).toHaveLength(3);
    expectSoundSplit(line, prose, 2000);
    const noSpaces = "z".repeat(5000);
    const code = splitMarkdown(`\`\`\`text\n${noSpaces}\n\`\`\``, 2000);
    for (const chunk of code) expect(chunk.length).toBeLessThanOrEqual(2000);
    // A mid-line cut must add a line break, so the pieces join back without a separator.
    const pieces = code.map((chunk) =>
      readBlocks(chunk)
        .blocks.map((block) => block.code)
        .join(""),
    );
    expect(pieces.join("")).toBe(noSpaces);
  });

  it("turns CRLF into LF and still recognises fences", () => {
    const text = `Intro\r\n\r\n\`\`\`go\r\n${codeLines(20, "v").replaceAll("\n", "\r\n")}\r\n\`\`\`\r\nBye`;
    const chunks = splitMarkdown(text, 250);
    expect(chunks.join("")).not.toContain("\r");
    expectSoundSplit(text, chunks, 250);
  });

  it("never splits an emoji, a surrogate pair, a joined emoji sequence, a flag or an accent", () => {
    for (const limit of [7, 10, 11, 2001]) {
      const faces = "😀".repeat(3000);
      for (const chunk of splitMarkdown(faces, limit)) expect(chunk).toMatch(/^(😀)+$/u);
      const families = "👨‍👩‍👧‍👦".repeat(300);
      for (const chunk of splitMarkdown(families, limit + 11)) expect(chunk).toMatch(/^(👨‍👩‍👧‍👦)+$/u);
      const flags = `ab${"🇫🇷🇯🇵".repeat(400)}`;
      for (const chunk of splitMarkdown(flags, limit)) expect(chunk).toMatch(/^(ab)?(🇫🇷|🇯🇵)+$/u);
      const accents = "Cafe\u0301".repeat(1000);
      for (const chunk of splitMarkdown(accents, limit)) expect(chunk.startsWith("\u0301")).toBe(false);
    }
  });

  it("throws when the limit cannot hold a fence pair and a character", () => {
    expect(() => splitMarkdown("text", 0)).toThrow(RangeError);
    expect(() => splitMarkdown("text", 1.5)).toThrow(RangeError);
    expect(() => splitMarkdown(`\`\`\`typescript\n${"x".repeat(50)}\n\`\`\``, 18)).toThrow(RangeError);
  });

  it("splits a 30,000-character answer with several long code blocks at 2,000 and at 12,000", () => {
    const answer = longAnswer();
    expect(answer.length).toBeGreaterThan(30_000);
    const languages = new Set(closedBlocksOf(answer).map((block) => block.info));
    for (const limit of [2000, 4000, 12_000]) {
      const chunks = splitMarkdown(answer, limit);
      expectSoundSplit(answer, chunks, limit);
      expect(chunks.length).toBeLessThan((answer.length / limit) * 1.6 + 2);
      for (const chunk of chunks) {
        for (const block of readBlocks(chunk).blocks) expect(languages).toContain(block.info);
      }
    }
  });

  it("keeps every rule on generated documents at many limits", () => {
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    for (let round = 0; round < 150; round++) {
      const document = generatedDocument(random);
      for (const limit of [40, 64, 101, 257, 1000]) {
        const chunks = splitMarkdown(document, limit);
        expectSoundSplit(document, chunks, limit);
      }
    }
  });
});

function longAnswer(): string {
  const section = (title: string, paragraphs: number): string =>
    `## ${title}\n\n${Array.from({ length: paragraphs }, (_, index) => words(60, index)).join("\n\n")}`;
  const nested = `# README\n\n\`\`\`bash\n${codeLines(40, "echo ")}\n\`\`\`\n\nMore text.\n`.repeat(2);
  return [
    section("Overview", 6),
    `\`\`\`typescript\n${codeLines(170, "const socket")}\n\`\`\``,
    section("Fan-out", 5),
    "- point one\n- point two\n  1. nested\n\n| Broker | Latency |\n| --- | --- |\n| Redis | low |",
    `\`\`\`python\n${codeLines(110, "value_")}\n\`\`\``,
    `\`\`\`yaml\nservices:\n${codeLines(20, "  key")}\n\`\`\``,
    section("Storage", 8),
    `~~~sql\n${codeLines(80, "select ")}\n~~~`,
    `\`\`\`\`markdown\n${nested}\`\`\`\``,
    section("Wrap-up", 13),
    `\`\`\`go\n${codeLines(60, "v")}`,
  ].join("\n\n");
}

function generatedDocument(random: (below: number) => number): string {
  const parts: string[] = [];
  const code = (lines: number): string =>
    Array.from({ length: lines }, () => (random(5) === 0 ? "" : words(1 + random(3), random(9)))).join("\n");
  for (let part = 0; part < 4 + random(8); part++) {
    switch (random(6)) {
      case 0:
        parts.push(words(5 + random(60), random(9)));
        break;
      case 1:
        parts.push(
          `- ${words(3 + random(8))}\n- ${words(2 + random(4))}\n   \`\`\`ts\n   ${code(1 + random(6))}\n   \`\`\``,
        );
        break;
      case 2:
        parts.push(`\`\`\`${["ts", "py", ""][random(3)]}\n${code(1 + random(30))}\n\`\`\``);
        break;
      case 3:
        parts.push(`~~~sh\n${code(1 + random(10))}\n~~~`);
        break;
      case 4:
        parts.push(`\`\`\`\`md\n${code(2)}\n\`\`\`js\n${code(1 + random(10))}\n\`\`\`\n\`\`\`\``);
        break;
      default:
        parts.push(`${words(2 + random(5))}\n${"😀".repeat(random(30))}${"é".repeat(random(5))}`);
    }
  }
  const document = parts.join(["\n\n", "\n", "\n\n\n"][random(3)] ?? "\n");
  if (random(5) === 0) return `${document}\n\n\`\`\`ts\n${code(1 + random(12))}`;
  return random(6) === 0 ? document.replaceAll("\n", "\r\n") : document;
}
