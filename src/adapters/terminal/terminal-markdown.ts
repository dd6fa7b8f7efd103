import { Marked, type MarkedExtension } from "marked";
import { markedTerminal } from "marked-terminal";
import { parseMarkdown, spanOf } from "../../core/markdown/micromark-tree.js";

/** Where an answer's Markdown goes on its way to the terminal: written as it streams, ended once. */
export interface AnswerPrinter {
  write(markdown: string): void;
  end(): void;
}

/**
 * Prints answers to a terminal. Piped (not a TTY), the Markdown goes out as written, for files and
 * other programs. In a TTY it is rendered by marked + marked-terminal: headings, bold and lists styled,
 * code highlighted (cli-highlight), tables drawn, control characters from the model dropped so no escape
 * sequence reaches the terminal. A block is printed once it is complete: once the parser sees another
 * block begin after it, or the answer ends, so a code block is never drawn half-written.
 */
export function createAnswerPrinter(output: NodeJS.WritableStream, rendered: boolean): AnswerPrinter {
  if (!rendered) return { write: (markdown) => void output.write(markdown), end: () => {} };
  const marked = new Marked(
    // The typings describe the renderer class; at run time the function returns a marked extension.
    markedTerminal({
      emoji: false,
      width: terminalWidth(output),
      reflowText: false,
    }) as unknown as MarkedExtension,
  );
  const render = (markdown: string) => marked.parse(markdown, { async: false });
  let pending = "";
  return {
    write(markdown) {
      pending += markdown;
      const { source, tree } = parseMarkdown(pending);
      const last = tree.children.at(-1);
      if (tree.children.length < 2 || last === undefined) return;
      const complete = spanOf(last).start;
      output.write(render(source.slice(0, complete)));
      pending = source.slice(complete);
    },
    end() {
      if (pending.trim() !== "") output.write(render(pending));
      pending = "";
    },
  };
}

function terminalWidth(output: NodeJS.WritableStream): number {
  const columns = (output as { columns?: number }).columns;
  return typeof columns === "number" && columns > 20 ? columns : 80;
}
