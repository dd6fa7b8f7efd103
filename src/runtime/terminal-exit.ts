import type { TerminalRuntime } from "./terminal-runtime.js";

/**
 * How `rte ask` and `rte chat` end when a person ends them rather than the answer:
 * - Ctrl-C: one short line, the answer is abandoned, exit 130 within a second. A second Ctrl-C exits at once.
 * - SIGHUP (terminal closed), SIGTERM, EPIPE (`| head` stopped reading): the same, silently, since there is
 *   nobody to read a message; 129, 143 and 141 as a shell would report the signal.
 * The private Redis runs in a session of its own, so none of this reaches it; it stops by itself once no
 * rte process uses it.
 */
export interface TerminalExit {
  /** The runtime to close on the way out; before it exists there is nothing to close. */
  attach(runtime: TerminalRuntime): void;
  /** For readline, which turns Ctrl-C into an event instead of a signal when it owns the terminal. */
  interrupt(): void;
}

/** Cleanup gets this long before the process exits anyway: a person pressing Ctrl-C waits for nothing. */
const exitWithinMs = 900;

export function handleTerminalExit(): TerminalExit {
  let runtime: TerminalRuntime | undefined;
  let ending = false;

  const end = (code: number, line?: string) => {
    if (ending) {
      if (code === 130) process.exit(130); // a second Ctrl-C: at once
      return;
    }
    ending = true;
    if (line) safeWrite(process.stderr, line);
    setTimeout(() => process.exit(code), exitWithinMs).unref();
    const closing = runtime ? runtime.close({ interrupted: true }) : Promise.resolve();
    closing.then(
      () => process.exit(code),
      () => process.exit(code),
    );
  };

  process.on("SIGINT", () => end(130, "\nStopped.\n"));
  process.on("SIGHUP", () => end(129));
  process.on("SIGTERM", () => end(143));
  // Node ignores SIGPIPE and reports a closed pipe as an error on the next write; unhandled, that error
  // would crash with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => end(error.code === "EPIPE" ? 141 : 1));
  process.stderr.on("error", () => end(141));

  return {
    attach(next) {
      runtime = next;
    },
    interrupt() {
      process.kill(process.pid, "SIGINT");
    },
  };
}

function safeWrite(stream: NodeJS.WriteStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // The terminal is gone: nothing to tell.
  }
}
