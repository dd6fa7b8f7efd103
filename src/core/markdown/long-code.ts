import { cleanForCopy, fileNameFor, findCodeBlocks } from "./code-blocks.js";

export interface CodeFile {
  name: string;
  language: string;
  content: string;
  lines: number;
}

export interface LongCodeOptions {
  /** A code block longer than this many lines is attached as a file. */
  maxLines: number;
  /** How many of its first lines stay in the message as an excerpt. */
  excerptLines: number;
}

export const defaultLongCode: LongCodeOptions = { maxLines: 40, excerptLines: 12 };

/**
 * Long code reads badly in a chat message and copies worse, so each code block over `maxLines` becomes a
 * file with the right name and extension, and the message keeps its first lines and a pointer to the file.
 * File contents are cleaned of look-alike spaces and quotes, so what people paste compiles.
 */
export function extractLongCode(
  markdown: string,
  options: LongCodeOptions,
): { markdown: string; files: CodeFile[] } {
  const lines = markdown.split("\n");
  const files: CodeFile[] = [];
  const taken = new Set<string>();
  const long = findCodeBlocks(markdown)
    .map((block, index) => ({ block, codeLines: block.code.split("\n"), index }))
    .filter(({ codeLines }) => codeLines.length > options.maxLines)
    .map((item) => ({ ...item, name: uniqueName(fileNameFor(item.block, item.index), taken) }));
  // Replace from the last block up, so earlier line numbers stay valid.
  for (const { block, codeLines, name } of [...long].reverse()) {
    files.unshift({
      name,
      language: block.language,
      content: `${cleanForCopy(block.code)}\n`,
      lines: codeLines.length,
    });
    const fence = lines[block.startLine - 1] ?? "```";
    const closing = fence.trimStart().startsWith("~") ? "~~~" : "```";
    const excerpt = [
      fence,
      ...codeLines.slice(0, options.excerptLines),
      closing,
      `_The full ${codeLines.length}-line file is attached as \`${name}\`._`,
    ];
    lines.splice(block.startLine - 1, block.endLine - block.startLine + 1, ...excerpt);
  }
  return { markdown: lines.join("\n"), files };
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let copy = 2; taken.has(candidate); copy++) {
    const dot = name.lastIndexOf(".");
    candidate = dot > 0 ? `${name.slice(0, dot)}-${copy}${name.slice(dot)}` : `${name}-${copy}`;
  }
  taken.add(candidate);
  return candidate;
}
