import { describe, expect, it } from "vitest";
import { type CodeBlock, cleanForCopy, fileNameFor, findCodeBlocks } from "./code-blocks.js";

function block(language: string, code = "x"): CodeBlock {
  return { language, code, startLine: 1, endLine: 3 };
}

describe("findCodeBlocks", () => {
  it("finds each block with its language, code and 1-based fence lines", () => {
    const markdown = [
      "Intro",
      "```ts title=server.ts",
      "const a = 1;",
      "",
      "const b = 2;",
      "```",
      "Between",
      "~~~",
      "plain",
      "~~~",
    ].join("\n");
    expect(findCodeBlocks(markdown)).toEqual([
      { language: "ts", code: "const a = 1;\n\nconst b = 2;", startLine: 2, endLine: 6 },
      { language: "", code: "plain", startLine: 8, endLine: 10 },
    ]);
  });

  it("keeps inner fences of a ```` block as code", () => {
    const markdown = "````markdown\n```js\nx\n```\n````";
    expect(findCodeBlocks(markdown)).toEqual([
      { language: "markdown", code: "```js\nx\n```", startLine: 1, endLine: 5 },
    ]);
  });

  it("ends a block the model never closed at the last line, without the final line break", () => {
    expect(findCodeBlocks("Text\n```py\nprint(1)\n")).toEqual([
      { language: "py", code: "print(1)", startLine: 2, endLine: 4 },
    ]);
    expect(findCodeBlocks("```go")).toEqual([{ language: "go", code: "", startLine: 1, endLine: 1 }]);
  });

  it("removes a list item's indentation and CRLF line ends from the code", () => {
    const markdown = "1. Run:\r\n   ```sh\r\n   npm ci\r\n     --quiet\r\n   ```\r\n";
    expect(findCodeBlocks(markdown)).toEqual([
      { language: "sh", code: "npm ci\n  --quiet", startLine: 2, endLine: 5 },
    ]);
  });

  it("takes the first word of the info string as the language", () => {
    const languages = findCodeBlocks("```ts{1,3}\na\n```\n```TypeScript title=x.ts\nb\n```");
    expect(languages.map((found) => found.language)).toEqual(["ts", "TypeScript"]);
  });

  it("finds nothing in prose or inline code", () => {
    expect(findCodeBlocks("Use `npm ci` here.")).toEqual([]);
  });
});

describe("fileNameFor", () => {
  it("maps language tags to extensions, numbering from 1", () => {
    const names = [
      "ts",
      "TypeScript",
      "js",
      "tsx",
      "jsx",
      "json",
      "yaml",
      "yml",
      "bash",
      "sh",
      "python",
      "go",
    ].map((language, index) => fileNameFor(block(language), index));
    expect(names).toEqual([
      "snippet-1.ts",
      "snippet-2.ts",
      "snippet-3.js",
      "snippet-4.tsx",
      "snippet-5.jsx",
      "snippet-6.json",
      "snippet-7.yml",
      "snippet-8.yml",
      "snippet-9.sh",
      "snippet-10.sh",
      "snippet-11.py",
      "snippet-12.go",
    ]);
    const more = ["rust", "swift", "kotlin", "java", "sql", "nginx", "toml", "html", "css", "brainfuck", ""];
    expect(more.map((language) => fileNameFor(block(language), 0))).toEqual([
      "snippet-1.rs",
      "snippet-1.swift",
      "snippet-1.kt",
      "snippet-1.java",
      "snippet-1.sql",
      "snippet-1.conf",
      "snippet-1.toml",
      "snippet-1.html",
      "snippet-1.css",
      "snippet-1.txt",
      "snippet-1.txt",
    ]);
  });

  it("names Dockerfiles and Compose files the way their tools expect", () => {
    expect(fileNameFor(block("dockerfile"), 3)).toBe("Dockerfile");
    expect(fileNameFor(block("Dockerfile"), 0)).toBe("Dockerfile");
    const compose = "# stack\nservices:\n  redis:\n    image: redis:7\n";
    expect(fileNameFor(block("yaml", compose), 0)).toBe("docker-compose.yml");
    expect(fileNameFor(block("yml", "version: '3'\nservices: # all\n  app: {}"), 0)).toBe(
      "docker-compose.yml",
    );
  });

  it("does not take a nested services: key for a Compose file", () => {
    expect(fileNameFor(block("yaml", "spec:\n  services:\n    - a"), 1)).toBe("snippet-2.yml");
    expect(fileNameFor(block("json", '{"services": {}}'), 0)).toBe("snippet-1.json");
  });
});

describe("cleanForCopy", () => {
  it("turns non-breaking spaces into spaces and drops zero-width characters", () => {
    expect(cleanForCopy("const\u00A0a\u202F=\u20071;\u200B\u200C\u2060\uFEFF")).toBe("const a = 1;");
    expect(cleanForCopy("a\u200Db")).toBe("ab");
  });

  it("straightens smart quotes", () => {
    expect(cleanForCopy("echo \u201Chello\u201D \u2018world\u2019 \u201Elow\u201F")).toBe(
      'echo "hello" \'world\' "low"',
    );
  });

  it("keeps the joiners that hold an emoji sequence together", () => {
    const family = "👨\u200D👩\u200D👧";
    const rainbow = "🏳\uFE0F\u200D🌈👩🏽\u200D💻";
    expect(cleanForCopy(`const s = "${family}${rainbow}";`)).toBe(`const s = "${family}${rainbow}";`);
  });

  it("leaves clean code untouched", () => {
    const code = "if (a && b) {\n\treturn 'x' + \"y\";\n}\n";
    expect(cleanForCopy(code)).toBe(code);
  });
});
