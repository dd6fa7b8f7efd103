import type Anthropic from "@anthropic-ai/sdk";
import type { ServerToolName } from "../core/server-tools.js";

/** One server tool offered to Claude, with how many times one answer may use it. */
export interface ServerToolSetting {
  name: ServerToolName;
  /** Ignored for code execution, whose tool definition has no `max_uses` (SDK 1.14 `CodeExecutionTool20260521`). */
  maxUses: number;
}

/**
 * The `tools` entries of a request, in the newest versions SDK 1.14 types outside its beta namespace, so no
 * `anthropic-beta` header is needed. Code execution costs nothing beyond tokens when web search or web fetch
 * is offered alongside (platform.claude.com code-execution-tool page); alone, it is billed per container hour.
 */
export function toToolParams(settings: readonly ServerToolSetting[]): Anthropic.ToolUnion[] {
  return settings.map(toToolParam);
}

function toToolParam(setting: ServerToolSetting): Anthropic.ToolUnion {
  switch (setting.name) {
    case "web_search":
      return { type: "web_search_20260318", name: "web_search", max_uses: setting.maxUses };
    case "web_fetch":
      return { type: "web_fetch_20260318", name: "web_fetch", max_uses: setting.maxUses };
    case "code_execution":
      return { type: "code_execution_20260521", name: "code_execution" };
  }
}
