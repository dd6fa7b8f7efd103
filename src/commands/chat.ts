import { createInterface } from "node:readline";
import type { Config } from "../config.js";
import { handleTerminalExit } from "../runtime/terminal-exit.js";
import { startTerminalRuntime } from "../runtime/terminal-runtime.js";

/**
 * `rte chat`: a terminal thread; follow-ups keep context. Ctrl-C (see terminal-exit.ts), Ctrl-D or `exit` ends it. Lines are read
 * with the async iterator, which buffers: questions piped in faster than answers come are all answered.
 */
export async function runChat(config: Readonly<Config>): Promise<number> {
  const exit = handleTerminalExit();
  const runtime = await startTerminalRuntime(config);
  exit.attach(runtime);
  const interactive = Boolean(process.stdin.isTTY);
  const lines = createInterface({ input: process.stdin, terminal: interactive });
  // In a terminal readline reads Ctrl-C as a key, not a signal: treat it as the signal it stands for.
  lines.on("SIGINT", () => exit.interrupt());
  const prompt = () => {
    if (interactive) process.stdout.write("\nyou> ");
  };
  if (interactive)
    process.stdout.write("rte chat: ask a real-time engineering question. Ctrl-D or `exit` to leave.\n");
  try {
    prompt();
    for await (const line of lines) {
      const text = line.trim();
      if (text === "exit" || text === "quit") break;
      if (text !== "") await runtime.ask(text);
      prompt();
    }
    return 0;
  } finally {
    lines.close();
    await runtime.close();
  }
}
