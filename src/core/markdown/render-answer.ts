import { type AnswerPart, answerParts, type CodePart, type ProseRules } from "./answer-parts.js";
import { type CodeFile, cleanForCopy, fileNameFor } from "./code-files.js";
import type { OutlineMemo } from "./outline-memo.js";
import { type Piece, packMessages } from "./pack-messages.js";

/** What a chat platform shows an answer as: messages in order, and code blocks attached as files. */
export interface RenderedAnswer {
  messages: string[];
  files: CodeFile[];
}

export interface RenderRules extends ProseRules {
  /** Longest message the platform accepts, in characters. */
  limit: number;
  /** A code block longer than this many lines reads badly in chat and is attached as a file. */
  maxLines: number;
  /** How many of an attached block's first lines stay in the message as an excerpt. */
  excerptLines: number;
}

export const defaultCodeLines = { maxLines: 40, excerptLines: 12 };

/**
 * An answer as a chat platform shows it. Every code block becomes a ``` fence with its language and its
 * content exactly as the parser read it (a `~~~` fence, an indented block and a block nested in a list item
 * alike), since ``` fences are the only code both platforms render. A block that no such fence can carry
 * (its code contains ```), that no message can hold, or that is longer than `maxLines` goes as a file with
 * an excerpt and a pointer in its place. The rest is split between messages without breaking a fence.
 * A fence still being written while the answer streams is shown closed.
 */
export function renderAnswer(markdown: string, rules: RenderRules, memo?: OutlineMemo): RenderedAnswer {
  const files: CodeFile[] = [];
  const taken = new Set<string>();
  const pieces = answerParts(markdown, rules, memo).map((part): Piece => {
    if (part.kind === "prose") return { text: part.markdown, atomic: false };
    const fence = fenced(part);
    if (fitsInline(part, fence, rules)) return { text: fence, atomic: true };
    const file = codeFile(part, taken);
    files.push(file);
    return { text: pointer(part, file, rules), atomic: true };
  });
  return { messages: packMessages(pieces, rules.limit), files };
}

/** The code blocks of an answer, as the parser reads them: what reaches the reader must equal these. */
export function codeBlocksOf(markdown: string): CodePart[] {
  return answerParts(markdown, { transform: (prose) => prose }).filter(
    (part: AnswerPart): part is CodePart => part.kind === "code",
  );
}

function fenced(part: CodePart): string {
  return `\`\`\`${part.language}\n${part.code}\n\`\`\``;
}

function fitsInline(part: CodePart, fence: string, rules: RenderRules): boolean {
  return !part.code.includes("```") && fence.length <= rules.limit && lineCount(part.code) <= rules.maxLines;
}

function codeFile(part: CodePart, taken: Set<string>): CodeFile {
  return {
    name: uniqueName(fileNameFor(part), taken),
    language: part.language,
    content: `${cleanForCopy(part.code)}\n`,
    lines: lineCount(part.code),
  };
}

/**
 * What stands in the message for an attached block: its first lines, as many as read well in a quarter
 * of a message (none when even the first is longer, or when the code holds a fence of its own), then a
 * line saying where the rest is.
 */
function pointer(part: CodePart, file: CodeFile, rules: RenderRules): string {
  const note = `_The full ${file.lines}-line file is attached as \`${file.name}\`._`;
  if (part.code.includes("```")) return note;
  const excerpt: string[] = [];
  let length = 0;
  for (const line of part.code.split("\n").slice(0, rules.excerptLines)) {
    length += line.length + 1;
    if (length > rules.limit / 4) break;
    excerpt.push(line);
  }
  return excerpt.length === 0 ? note : `${fenced({ ...part, code: excerpt.join("\n") })}\n${note}`;
}

function lineCount(code: string): number {
  return code.split("\n").length;
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
