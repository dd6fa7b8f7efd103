import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
    (match) => match[1] ?? "",
  );
}

/** `src/queue/ask-queue.ts` → `queue`; a file at the top (`src/cli.ts`) is its own layer (`cli`). */
function layerOf(path: string): string {
  const [first = "", second] = relative("src", path).split("/");
  return second === undefined ? first.replace(/\.(js|ts)$/, "") : first;
}

/** What an import names: another layer, a package (`@scope/name` or `name`), or undefined for Node's own. */
function targetOf(file: string, specifier: string): string | undefined {
  if (specifier.startsWith(".")) return layerOf(relative(process.cwd(), resolve(dirname(file), specifier)));
  if (specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The table in docs/architecture.md, between its markers: layer → what it may import. */
function importTable(): Map<string, Set<string>> {
  const text = readFileSync("docs/architecture.md", "utf8");
  const table = text.split("<!-- import-table:start -->")[1]?.split("<!-- import-table:end -->")[0] ?? "";
  const rows = table
    .split("\n")
    .filter((line) => line.startsWith("|") && !line.includes("---") && !line.includes("May import"));
  return new Map(
    rows.map((line) => {
      const [, layer = "", allowed = ""] = line.split("|").map((cell) => cell.trim());
      return [
        layer,
        new Set(
          allowed
            .split(",")
            .map((name) => name.trim())
            .filter(Boolean),
        ),
      ];
    }),
  );
}

describe("the core", () => {
  it("imports nothing from adapters, the queue, the Claude client or any platform SDK", () => {
    const files = sourceFiles("src/core");
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => forbidden.some((pattern) => pattern.test(specifier)))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe("the import table in docs/architecture.md", () => {
  const table = importTable();
  const files = sourceFiles("src");
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = layerOf(file);
    for (const specifier of importsOf(file)) {
      const to = targetOf(file, specifier);
      if (to === undefined || to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }

  it("has a row for every folder of src", () => {
    const layers = [...new Set(files.map(layerOf))].sort();
    expect(layers.filter((layer) => !table.has(layer))).toEqual([]);
  });

  it("allows every import the code makes, and nothing else is imported", () => {
    const offenders = files.flatMap((file) => {
      const from = layerOf(file);
      const allowed = table.get(from) ?? new Set();
      return importsOf(file)
        .map((specifier) => ({ specifier, to: targetOf(file, specifier) }))
        .filter(({ to }) => to !== undefined && to !== from && !allowed.has(to))
        .map(({ specifier }) => `${file} imports ${specifier}, which the "${from}" row does not list`);
    });
    expect(offenders).toEqual([]);
  });

  it("has no cycle between folders", () => {
    const cycles: string[] = [];
    const visit = (layer: string, path: string[]) => {
      for (const next of edges.get(layer) ?? []) {
        if (next === path[0]) cycles.push([...path, next].join(" → "));
        else if (!path.includes(next) && table.has(next)) visit(next, [...path, next]);
      }
    };
    for (const layer of table.keys()) visit(layer, [layer]);
    expect(cycles).toEqual([]);
  });

  it("keeps adapters away from Redis and queue internals", () => {
    const offenders = sourceFiles("src/adapters").flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /^ioredis|^bullmq|\/queue\/|\/store\//.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
