import type { ServerToolName } from "../core/server-tools.js";
import { serverToolNames } from "../core/server-tools.js";
import type { ServerToolSetting } from "./server-tool-params.js";

/**
 * Caps per answer: five searches and five page reads cover a version check and the canonical docs with room
 * to spare, and bound a runaway loop at $0.05 of searches. Code execution has no `max_uses` in the API; the
 * model's continuations bound it instead (claude-model.ts).
 */
export const defaultToolCaps: Readonly<Record<ServerToolName, number>> = {
  web_search: 5,
  web_fetch: 5,
  code_execution: 5,
};

export const defaultToolList = "web_search,web_fetch,code_execution";

/**
 * Reads RTE_TOOLS: `none`, or a comma-separated list of tool names, each optionally with its cap
 * (`web_search=3,web_fetch`). Returns the settings, or the problem in words.
 */
export function parseToolList(text: string): ServerToolSetting[] | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === "") return parseToolList(defaultToolList);
  if (trimmed.toLowerCase() === "none") return [];
  const settings: ServerToolSetting[] = [];
  for (const entry of trimmed
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")) {
    const [name = "", cap, ...rest] = entry.split("=").map((part) => part.trim());
    if (!isToolName(name) || rest.length > 0) {
      return {
        problem: `names an unknown tool "${entry}": use none, or any of ${serverToolNames.join(", ")}`,
      };
    }
    if (settings.some((setting) => setting.name === name)) return { problem: `names ${name} twice` };
    if (cap !== undefined && name === "code_execution") {
      return {
        problem:
          "sets a cap for code_execution, which the API does not offer (only web_search and web_fetch take one)",
      };
    }
    const maxUses = cap === undefined ? defaultToolCaps[name] : Number(cap);
    if (!Number.isInteger(maxUses) || maxUses < 1) {
      return {
        problem: `gives ${name} the cap "${cap}": a cap is a whole number of uses per answer, at least 1`,
      };
    }
    settings.push({ name, maxUses });
  }
  return settings;
}

function isToolName(name: string): name is ServerToolName {
  return (serverToolNames as readonly string[]).includes(name);
}
