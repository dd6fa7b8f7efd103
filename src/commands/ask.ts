import type { Config } from "../config.js";
import { startTerminalRuntime } from "../runtime/terminal-runtime.js";

/** `rte ask "question"`: one question through the queue and worker; the answer streams to stdout. */
export async function runAsk(config: Readonly<Config>, words: string[]): Promise<number> {
  const question = words.join(" ").trim();
  if (question === "") {
    process.stderr.write('Usage: rte ask "your question"\n');
    return 2;
  }
  const runtime = await startTerminalRuntime(config);
  const interrupted = new Promise<number>((resolve) => process.once("SIGINT", () => resolve(130)));
  try {
    return await Promise.race([runtime.ask(question).then((outcome) => (outcome.ok ? 0 : 1)), interrupted]);
  } finally {
    await runtime.close();
  }
}
