#!/usr/bin/env node
import { isCommandName } from "./commands/command-names.js";
import { loadConfig } from "./config.js";
import { ConfigError, errorMessage, RteError } from "./core/errors.js";

const usage = `rte — a senior real-time engineer for Slack and Discord, powered by Claude

Usage:
  rte serve                 everything in one process: ingress, worker, HTTP server (npm start)
  rte ingress               only receive questions (Slack HTTP/Socket Mode, Discord gateway)
  rte worker                only answer questions from the queue
  rte ask "question"        one question from the terminal; the answer streams to stdout
  rte chat                  an interactive terminal thread
  rte usage [--json]        today's and this month's answers, tokens and estimated cost by channel and user
  rte doctor                check configuration, Redis, Anthropic, Slack and Discord
  rte register-commands     register the Discord /rte command (--guild <id> for one server)
  rte feedback [count]      the latest 👍/👎 on answers, with question and answer

Configuration is read from the environment; see README.md.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(usage);
    return command === undefined ? 2 : 0;
  }
  if (!isCommandName(command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${usage}`);
    return 2;
  }
  const config = loadConfig();
  // Each command loads only its own modules: `rte ask` and `--help` need neither Bolt nor discord.js,
  // which take seconds to load on a busy machine.
  switch (command) {
    case "serve":
      return (await import("./commands/serve.js")).runServe(config, { ingress: true, worker: true });
    case "ingress":
      return (await import("./commands/serve.js")).runServe(config, { ingress: true, worker: false });
    case "worker":
      return (await import("./commands/serve.js")).runServe(config, { ingress: false, worker: true });
    case "ask":
      return (await import("./commands/ask.js")).runAsk(config, rest);
    case "chat":
      return (await import("./commands/chat.js")).runChat(config);
    case "usage":
      return (await import("./commands/usage.js")).runUsage(config, rest);
    case "doctor":
      return (await import("./commands/doctor.js")).runDoctor(config);
    case "feedback":
      return (await import("./commands/feedback.js")).runFeedback(config, rest);
    case "register-commands":
      return (await import("./commands/register-commands.js")).runRegisterCommands(config, rest);
    default:
      process.stderr.write(`"${command}" is not available yet.\n`);
      return 2;
  }
}

/** Work is done: exit as soon as the event loop drains, and no later than 3 s even if a socket lingers. */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3_000).unref();
}

main(process.argv.slice(2)).then(
  (code) => exitSoon(code),
  (error: unknown) => {
    // Expected problems get their message only; a stack trace would bury the fix.
    if (error instanceof ConfigError || error instanceof RteError) {
      process.stderr.write(`${error.message}\n`);
      exitSoon(2);
      return;
    }
    // Unexpected: the stack is what a bug report needs.
    process.stderr.write(
      `rte failed: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`,
    );
    exitSoon(1);
  },
);
