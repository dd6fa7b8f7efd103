import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Ask } from "../core/ask.js";
import { ConfigError } from "../core/errors.js";

/** The persona ships as Markdown in prompts/ so it can be read and reviewed as prose, not code. */
export const defaultPersonaPath = fileURLToPath(
  new URL("../../prompts/realtime-engineer.md", import.meta.url),
);

export function loadPersona(path: string = defaultPersonaPath): string {
  return readFileSync(path, "utf8").trim();
}

/**
 * Which persona answers a question: a channel's own (then its workspace's) when RTE_PERSONAS names one,
 * else the default. Every file is read once at start, so a missing file stops the worker with a clear
 * message instead of failing answers later.
 */
export function createPersonaChooser(overrides: Record<string, string>, defaultPath = defaultPersonaPath) {
  const fallback = loadPersona(defaultPath);
  const byId = new Map<string, string>();
  for (const [id, path] of Object.entries(overrides)) {
    try {
      byId.set(id, loadPersona(path));
    } catch (error) {
      throw new ConfigError(
        `Configuration problem:\n  RTE_PERSONAS names ${path} for ${id}, which cannot be read (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  return (ask: Ask): string =>
    byId.get(ask.conversation.channel) ?? byId.get(ask.conversation.workspace) ?? fallback;
}
