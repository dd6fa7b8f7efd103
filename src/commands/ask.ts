import type { Config } from "../config.js";
import { handleTerminalExit } from "../runtime/terminal-exit.js";
import { startTerminalRuntime } from "../runtime/terminal-runtime.js";

/** `rte ask "question"`: one question through the queue and worker; the answer streams to stdout. */
export async function runAsk(config: Readonly<Config>, words: string[]): Promise<number> {
  const question = words.join(" ").trim();
  if (question === "") {
    process.stderr.write('Usage: rte ask "your question"\n');
    return 2;
  }
  const exit = handleTerminalExit();
  const runtime = await startTerminalRuntime(config);
  exit.attach(runtime);
  try {
    const outcome = await runtime.ask(question);
    return outcome.ok ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
