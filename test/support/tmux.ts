import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cliPath } from "./run-cli.js";

/**
 * A real pseudo-terminal: a tmux server on a socket of its own, one window running bash, driven by keys the
 * way a person types them (Ctrl-C goes to the foreground process group, as from a keyboard).
 */
export interface Terminal {
  /** Types a line of shell and presses Enter. */
  type(line: string): void;
  /** Presses keys, in tmux's names: "C-c". */
  press(...keys: string[]): void;
  /** What the window shows now, scrollback included. */
  screen(): string;
  /** Waits until the screen matches, or fails with what it showed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Closes the window as a person closing a terminal does: its processes get SIGHUP. */
  closeWindow(): void;
  close(): void;
}

/** `node dist/cli.js`, quoted for the shell. */
export const rteCommand = `node ${cliPath}`;

export function openTerminal(folder: string, env: Record<string, string>): Terminal {
  const socket = `rte-test-${randomUUID().slice(0, 8)}`;
  const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  const exports = Object.entries({ PATH: process.env.PATH ?? "", ...env })
    .map(([name, value]) => `${name}='${value}'`)
    .join(" ");
  tmux(
    "new-session",
    "-d",
    "-s",
    "main",
    "-x",
    "160",
    "-y",
    "50",
    "-c",
    folder,
    `env -i HOME='${folder}' TERM=xterm PS1='$ ' ${exports} bash --norc --noprofile`,
  );
  tmux("set-option", "-t", "main", "history-limit", "5000");
  const screen = () => tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "main");
  return {
    type(line) {
      tmux("send-keys", "-t", "main", "-l", line);
      tmux("send-keys", "-t", "main", "Enter");
    },
    press(...keys) {
      tmux("send-keys", "-t", "main", ...keys);
    },
    screen,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const shown = screen();
        if (pattern.test(shown)) return shown;
        if (Date.now() > deadline)
          throw new Error(`the terminal never showed ${pattern}; it shows:\n${shown}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    closeWindow() {
      tmux("kill-window", "-t", "main");
    },
    close() {
      try {
        tmux("kill-server");
      } catch {
        // Already gone with its last window.
      }
    },
  };
}
