import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configurationTable, environmentSchema, variables } from "../src/config-variables.js";
import { defaultWorkerTiming } from "../src/queue/worker-timing.js";

/** docs/configuration.md is made from src/config-variables.ts: `npx vitest run -u test/configuration-docs.test.ts`. */
function configurationPage(): string {
  return `# Configuration

Everything is read from environment variables; only \`ANTHROPIC_API_KEY\` is required (wherever the worker
runs), and a platform whose variables are absent is simply not started. A missing or malformed variable stops
rte at start with a message that names it, says what it is for, and what applies when it is unset.

This table is generated from \`src/config-variables.ts\` (one entry per variable: its check, description and
default), so it always lists every variable rte reads; \`test/configuration-docs.test.ts\` fails when they
differ. After changing a variable, regenerate it with \`npx vitest run -u test/configuration-docs.test.ts\`.

${configurationTable()}

Slack runs over HTTP with \`SLACK_BOT_TOKEN\` + \`SLACK_SIGNING_SECRET\`, or over Socket Mode with
\`SLACK_BOT_TOKEN\` + \`SLACK_APP_TOKEN\` ([slack.md](slack.md)); Discord with \`DISCORD_TOKEN\` +
\`DISCORD_APPLICATION_ID\` ([discord.md](discord.md)). Prices and \`rte usage\`: [operations.md](operations.md).

Server tools (\`RTE_TOOLS\`): progress shows while they run (Slack thread status, a status line on Discord,
stderr in the terminal); cited pages are listed in a **Sources** line; searches ($0.01 each) are counted and
priced in \`rte usage\` and \`/metrics\` (\`rte_server_tool_requests_total\`). A persona file may narrow them
with a first line \`<!-- tools: web_search -->\`.
`;
}

describe("docs/configuration.md", () => {
  it("is the page generated from the variables table", async () => {
    await expect(configurationPage()).toMatchFileSnapshot("../docs/configuration.md");
  });

  it("lists every variable rte reads", () => {
    const page = readFileSync("docs/configuration.md", "utf8");
    const missing = Object.keys(variables).filter((name) => !page.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });

  it("shows the defaults the code applies", () => {
    const unset = environmentSchema.parse({}) as Record<string, unknown>;
    const shown = (value: unknown) => (Array.isArray(value) ? value.join(",") : String(value));
    const disagreeing = Object.entries(variables).flatMap(([name, entry]) => {
      const value = unset[name];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
      // Structured values (prices, tool settings) are shown as the text one would write, not compared.
      if (
        typeof value === "object" &&
        !(Array.isArray(value) && value.every((item) => typeof item === "string"))
      )
        return [];
      return shown(value) === entry.default
        ? []
        : [`${name}: docs say ${entry.default}, code uses ${shown(value)}`];
    });
    expect(disagreeing).toEqual([]);
    expect(variables.RTE_LOCK_MS.default).toMatch(new RegExp(`^${defaultWorkerTiming.lockDurationMs}\\b`));
    expect(variables.RTE_STALLED_CHECK_MS.default).toMatch(
      new RegExp(`^${defaultWorkerTiming.stalledIntervalMs}\\b`),
    );
  });
});
