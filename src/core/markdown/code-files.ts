/** A code block sent as a file, because a message cannot hold it or it reads badly in one. */
export interface CodeFile {
  name: string;
  language: string;
  content: string;
  lines: number;
}

/** Extensions by language tag, lowercased. Aliases are the ones models and GitHub's linguist use. */
const extensions: Record<string, string> = {
  ts: "ts",
  typescript: "ts",
  tsx: "tsx",
  js: "js",
  javascript: "js",
  mjs: "mjs",
  cjs: "cjs",
  jsx: "jsx",
  json: "json",
  jsonc: "jsonc",
  yaml: "yml",
  yml: "yml",
  sh: "sh",
  bash: "sh",
  shell: "sh",
  zsh: "sh",
  console: "sh",
  python: "py",
  py: "py",
  go: "go",
  golang: "go",
  rust: "rs",
  rs: "rs",
  swift: "swift",
  kotlin: "kt",
  kt: "kt",
  java: "java",
  sql: "sql",
  nginx: "conf",
  toml: "toml",
  html: "html",
  css: "css",
  scss: "scss",
  xml: "xml",
  proto: "proto",
  protobuf: "proto",
  lua: "lua",
  c: "c",
  cpp: "cpp",
  "c++": "cpp",
  csharp: "cs",
  "c#": "cs",
  cs: "cs",
  ruby: "rb",
  rb: "rb",
  php: "php",
  diff: "diff",
  ini: "ini",
  markdown: "md",
  md: "md",
};

/**
 * A file name for attaching `block`, the `index`-th (from 0) code block of its answer: `snippet-1.ts` and so
 * on, with the extension the language implies so the reader's editor highlights it. Dockerfiles and
 * Compose files get the names their tools look for, so they are not unique within an answer.
 */
export function fileNameFor(block: { language: string; code: string; index: number }): string {
  const language = block.language.toLowerCase();
  if (language === "dockerfile" || language === "docker") return "Dockerfile";
  const extension = extensions[language] ?? "txt";
  // Compose files are YAML with a top-level `services:` key.
  if (extension === "yml" && /^services:[ \t]*(#.*)?$/m.test(block.code)) return "docker-compose.yml";
  return `snippet-${block.index + 1}.${extension}`;
}

/** Characters that look like a space but break shells and compilers. */
const spaceLookalikes = /[\u00A0\u2007\u202F]/g;

/**
 * Zero-width characters, except a joiner between two emoji, which is part of the emoji (👨‍👩‍👧, or 👩🏽‍💻
 * where a skin tone precedes it) and belongs in a string literal.
 */
const zeroWidth = new RegExp(
  [
    "\\u200D(?!\\p{Extended_Pictographic})",
    "(?<![\\p{Extended_Pictographic}\\p{Emoji_Modifier}]\\uFE0F?)\\u200D",
    "[\\u200B\\u200C\\u2060\\uFEFF]",
  ].join("|"),
  "gu",
);

/**
 * Code as it should be copied: non-breaking spaces become spaces, zero-width characters go, and smart
 * quotes become straight ones. Rich-text renderers and the model itself introduce all three, and code
 * copied from a Slack message broke on them (open-swe PR #2932). A typographic quote inside a string
 * literal is the rare casualty, a price worth paying for code that runs when pasted.
 */
export function cleanForCopy(code: string): string {
  return code
    .replace(spaceLookalikes, " ")
    .replace(zeroWidth, "")
    .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"');
}
