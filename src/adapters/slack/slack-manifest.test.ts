import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { askAboutMessageCallbackId } from "./message-shortcut.js";
import { eventsPath } from "./slack-ingress.js";
import { botEvents, botScopes } from "./slack-scopes.js";
import { commandName } from "./slash-command.js";

const manifest = readFileSync(new URL("../../../slack-manifest.yaml", import.meta.url), "utf8");

/** The `- item` lines of the YAML list under `key:` (the manifest is plain enough not to need a parser). */
function listUnder(key: string): string[] {
  const lines = manifest.split("\n");
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith("#")) continue;
    const item = /^\s*- (\S+)\s*$/.exec(line);
    if (!item) break;
    items.push(item[1] ?? "");
  }
  return items;
}

describe("slack-manifest.yaml", () => {
  it("asks for exactly the scopes and events rte uses", () => {
    expect(listUnder("bot").sort()).toEqual([...botScopes].sort());
    expect(listUnder("bot_events").sort()).toEqual([...botEvents].sort());
  });

  it("routes the slash command, events and button clicks to rte's endpoint", () => {
    expect(manifest).toContain(`- command: ${commandName}\n`);
    expect(manifest.match(new RegExp(`https://YOUR-HOST${eventsPath}\\n`, "g"))).toHaveLength(3);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n/);
  });

  it("turns on the agent view and the message shortcut rte listens for", () => {
    expect(manifest).toMatch(/\n {2}agent_view:\n {4}agent_description: /);
    expect(listUnder("suggested_prompts").length).toBeLessThanOrEqual(4);
    expect(manifest).toMatch(
      new RegExp(
        `shortcuts:\n\\s+- name: Ask rte about this message\n\\s+type: message\n\\s+callback_id: ${askAboutMessageCallbackId}\n`,
      ),
    );
  });
});
