/**
 * Every `rte` command. Kept apart from cli.ts, which runs the CLI when imported, so tests and the deploy
 * checks (fly.toml process commands, the Dockerfile's CMD) can ask which commands exist.
 */
export const commandNames = [
  "serve",
  "ingress",
  "worker",
  "ask",
  "chat",
  "usage",
  "doctor",
  "register-commands",
  "feedback",
] as const;

export type CommandName = (typeof commandNames)[number];

export function isCommandName(word: string): word is CommandName {
  return (commandNames as readonly string[]).includes(word);
}
