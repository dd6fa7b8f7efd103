import { createInterface } from "node:readline/promises";
import type { Config } from "../config.js";
import { startTerminalRuntime } from "../runtime/terminal-runtime.js";

/** `rte chat`: a terminal thread; follow-ups keep context. Ctrl-C, Ctrl-D or `exit` ends it. */
export async function runChat(config: Readonly<Config>): Promise<number> {
  const runtime = await startTerminalRuntime(config);
  const lines = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: Boolean(process.stdin.isTTY),
  });
  let closed = false;
  lines.on("close", () => {
    closed = true;
  });
  lines.on("SIGINT", () => lines.close());
  if (process.stdin.isTTY)
    process.stdout.write("rte chat: ask a real-time engineering question. Ctrl-D or `exit` to leave.\n");
  try {
    while (!closed) {
      let line: string;
      try {
        line = await lines.question(process.stdin.isTTY ? "\nyou> " : "");
      } catch {
        break;
      }
      const text = line.trim();
      if (text === "exit" || text === "quit") break;
      if (text === "") continue;
      await runtime.ask(text);
    }
    return 0;
  } finally {
    lines.close();
    await runtime.close();
  }
}
