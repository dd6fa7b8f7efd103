import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const forbidden = [
  /^bullmq/,
  /^ioredis/,
  /^@slack\//,
  /^discord\.js/,
  /^@discordjs\//,
  /^@anthropic-ai\//,
  /adapters\//,
  /\/queue\//,
  /\/llm\//,
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("the core", () => {
  it("imports nothing from adapters, the queue, the Claude client or any platform SDK", () => {
    const files = sourceFiles("src/core");
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) => {
      const imports = [
        ...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g),
      ].map((match) => match[1] ?? "");
      return imports
        .filter((specifier) => forbidden.some((pattern) => pattern.test(specifier)))
        .map((specifier) => `${file}: ${specifier}`);
    });
    expect(offenders).toEqual([]);
  });
});
