import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The persona ships as Markdown in prompts/ so it can be read and reviewed as prose, not code. */
export const defaultPersonaPath = fileURLToPath(
  new URL("../../prompts/realtime-engineer.md", import.meta.url),
);

export function loadPersona(path: string = defaultPersonaPath): string {
  return readFileSync(path, "utf8").trim();
}
