import type { Ask, Turn } from "../../core/ask.js";
import { endingNotice } from "../../core/endings.js";
import type { Platform, Reply, ReplyLedger } from "../../core/platform.js";
import type { Transcript } from "../../core/transcript.js";
import { createAnswerPrinter } from "./terminal-markdown.js";

export type TerminalOutcome = { ok: true } | { ok: false; notice: string };

export interface TerminalPlatform extends Platform {
  /** Resolves when the answer to this question has been written out (or failed). */
  outcome(askId: string): Promise<TerminalOutcome>;
  /** Writes nothing more, ever: the person interrupted, or the terminal or pipe is gone. */
  mute(): void;
}

export interface TerminalPlatformOptions {
  transcript: Transcript;
  /** Where answers go (stdout). */
  output: NodeJS.WritableStream;
  /** Where statuses and failures go (stderr), so piped answers stay clean. */
  diagnostics: NodeJS.WritableStream;
  /** Render Markdown for a person (styles, highlighted code); default: when `output` is a TTY. */
  rendered?: boolean;
}

/**
 * The terminal as a platform: the conversation is whatever the transcript holds for this session plus the
 * question; the reply streams to stdout. stdout cannot be edited, so a retried answer skips the part
 * already printed when it is the same text, and says it starts again when it is not.
 */
export function createTerminalPlatform(given: TerminalPlatformOptions): TerminalPlatform {
  let muted = false;
  // Keeps what the printer asks of a terminal (isTTY, columns): without them every answer printed raw.
  const quiet = (stream: NodeJS.WritableStream): NodeJS.WritableStream =>
    ({
      write: (text: string) => (muted ? true : stream.write(text)),
      get isTTY() {
        return (stream as { isTTY?: boolean }).isTTY;
      },
      get columns() {
        return (stream as { columns?: number }).columns;
      },
    }) as unknown as NodeJS.WritableStream;
  const options = { ...given, output: quiet(given.output), diagnostics: quiet(given.diagnostics) };
  const waiting = new Map<string, (outcome: TerminalOutcome) => void>();
  const settled = new Map<string, TerminalOutcome>();
  const settle = (askId: string, outcome: TerminalOutcome) => {
    settled.set(askId, outcome);
    waiting.get(askId)?.(outcome);
    waiting.delete(askId);
  };
  return {
    name: "terminal",
    async readConversation(ask: Ask): Promise<Turn[]> {
      // One person at one terminal: names would only add noise to the prompt.
      const earlier = (await options.transcript.read(ask.conversation)).map(
        ({ author: _author, ...turn }) => turn,
      );
      return [...earlier, { role: "user", text: ask.text, messageId: ask.messageId }];
    },
    async openReply(ask, { ledger }) {
      return createStdoutReply(ask, ledger, options, (outcome) => settle(ask.id, outcome));
    },
    mute() {
      muted = true;
    },
    outcome(askId) {
      const done = settled.get(askId);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiting.set(askId, resolve));
    },
  };
}

async function createStdoutReply(
  ask: Ask,
  ledger: ReplyLedger,
  options: TerminalPlatformOptions,
  settle: (outcome: TerminalOutcome) => void,
): Promise<Reply> {
  const printer = createAnswerPrinter(
    options.output,
    options.rendered ?? (options.output as { isTTY?: boolean }).isTTY === true,
  );
  const previous = await ledger.read();
  const alreadyPrinted = previous?.extra?.printed ?? "";
  let written = alreadyPrinted;
  let received = "";
  let diverged = alreadyPrinted === "";
  const save = () =>
    ledger.write({ messageIds: [ask.id], deliveredCharacters: written.length, extra: { printed: written } });

  return {
    async status(text) {
      options.diagnostics.write(`\n… ${text}\n`);
    },
    async progress(activity) {
      // Dim on a terminal, plain when stderr is piped; on its own line so it never splits the answer's text.
      const line = `… ${activity}`;
      const tty = (options.diagnostics as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
      options.diagnostics.write(`\n${tty ? `\u001b[2m${line}\u001b[22m` : line}\n`);
    },
    async append(delta) {
      received += delta;
      if (!diverged) {
        if (alreadyPrinted.startsWith(received)) return;
        if (received.startsWith(alreadyPrinted)) {
          diverged = true;
          printer.write(received.slice(alreadyPrinted.length));
        } else {
          diverged = true;
          printer.write("\n\n(The answer starts again.)\n\n");
          printer.write(received);
        }
        written = received;
        await save();
        return;
      }
      printer.write(delta);
      written = received;
      await save();
    },
    async finish(ending) {
      const notice = endingNotice(ending);
      printer.write(notice ? `\n\n${notice}\n` : "\n");
      printer.end();
      settle({ ok: true });
    },
    async fail(notice) {
      printer.end();
      options.diagnostics.write(`\n${notice}\n`);
      settle({ ok: false, notice });
    },
  };
}
