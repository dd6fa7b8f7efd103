import type { GoldenAnswer } from "../fixtures/answers/golden-answers.js";

/** What a platform received for one answer: its messages' text and the files attached. */
export interface Delivered {
  messages: string[];
  files: Array<{ name: string; content: string }>;
}

/**
 * Everything wrong with how an answer arrived, as readable lines (empty when all is well): a code block
 * missing or altered, a message over the limit, an unbalanced fence, a code line cut, a live mention.
 * Messages are read the way Discord and Slack read them: ``` lines at the start of a line open and close
 * code, nothing else does. Written apart from the renderer, so it does not share its mistakes.
 */
export function deliveryProblems(
  answer: GoldenAnswer,
  delivered: Delivered,
  platform: { limit: number; liveMention: RegExp },
): string[] {
  const problems: string[] = [];
  const blocks: string[] = [];
  for (const [index, message] of delivered.messages.entries()) {
    if (message.length > platform.limit) problems.push(`message ${index} has ${message.length} characters`);
    const { code, prose, balanced } = readMessage(message);
    if (!balanced) problems.push(`message ${index} leaves a fence open`);
    blocks.push(...code);
    const live = prose.match(platform.liveMention);
    if (live) problems.push(`message ${index} has a live mention: ${live[0]}`);
  }
  const files = delivered.files.map((file) => file.content);
  for (const expected of answer.code) {
    if (!blocks.includes(expected) && !files.includes(`${expected}\n`)) {
      problems.push(`code block missing or altered: ${JSON.stringify(expected.slice(0, 60))}`);
    }
  }
  const expectedLines = new Set(answer.code.flatMap((code) => code.split("\n")));
  for (const line of blocks.flatMap((block) => block.split("\n"))) {
    if (!expectedLines.has(line))
      problems.push(`code line cut or altered: ${JSON.stringify(line.slice(0, 60))}`);
  }
  return problems;
}

/** A message's code blocks (content between ``` lines) and its prose with inline code taken out. */
function readMessage(message: string): { code: string[]; prose: string; balanced: boolean } {
  const code: string[] = [];
  const prose: string[] = [];
  let open: string[] | undefined;
  for (const line of message.split("\n")) {
    if (line.startsWith("```")) {
      if (open === undefined) open = [];
      else {
        code.push(open.join("\n"));
        open = undefined;
      }
    } else if (open !== undefined) open.push(line);
    else prose.push(line.replace(/`[^`\n]*`/g, ""));
  }
  return { code, prose: prose.join("\n"), balanced: open === undefined };
}

/** Mention syntax each platform turns into a ping, in prose. */
export const liveMentions = {
  discord: /<@[!&]?\d+>|(?<![\w@.])@(everyone|here)(?![\w-])/i,
  slack: /<[!@][^>]*>|(?<![\w@.])@(everyone|here|channel)(?![\w-])/i,
};
