import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { isCommandName } from "../src/commands/command-names.js";
import { shutdownDeadlineMs } from "../src/commands/serve.js";
import { loadConfig } from "../src/config.js";
import { defaultWorkerTiming } from "../src/queue/worker-timing.js";
import { execForm, readDockerfile } from "./support/dockerfile.js";

/**
 * There is no Docker engine or flyctl where the tests run, so these check what can go stale without one:
 * that the files name commands, paths and ports that exist, and agree with each other and the code.
 */
const dockerfile = readDockerfile("Dockerfile");
const packageJson = JSON.parse(readFileSync("package.json", "utf8"));
const secretVariables = [
  "ANTHROPIC_API_KEY",
  "REDIS_URL",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DISCORD_TOKEN",
];

function lastOf(keyword: string): string {
  const found = dockerfile.filter((instruction) => instruction.keyword === keyword).at(-1);
  if (!found) throw new Error(`the Dockerfile has no ${keyword}`);
  return found.text;
}

describe("the Dockerfile", () => {
  const stages = dockerfile.filter((instruction) => instruction.keyword === "FROM");
  const runtimeStage = stages.length - 1;
  const runs = (stage: number) =>
    dockerfile
      .filter((instruction) => instruction.keyword === "RUN" && instruction.stage === stage)
      .map((run) => run.text);

  it("builds with dev dependencies, then runs on production dependencies only, from a slim Node base", () => {
    expect(stages.length).toBe(2);
    expect(runs(0).join("\n")).toMatch(/npm ci\b(?!.*--omit)/);
    expect(runs(0).join("\n")).toContain("npm run build");
    expect(packageJson.scripts.build).toContain("tsconfig.build.json");
    expect(runs(runtimeStage).join("\n")).toContain("npm ci --omit=dev");
    const base = dockerfile.find((instruction) => instruction.keyword === "ARG")?.text;
    expect(base).toMatch(/^NODE_IMAGE=node:\d+-[a-z]+-slim$/);
    for (const stage of stages) expect(stage.text).toMatch(/^\$\{NODE_IMAGE\} AS (build|runtime)$/);
    expect(readFileSync("README.md", "utf8")).toContain(base?.split("=")[1]);
  });

  it("runs the built CLI as a non-root user, `serve` by default", () => {
    const user = dockerfile.filter(
      (instruction) => instruction.stage === runtimeStage && instruction.keyword === "USER",
    );
    expect(user.map((instruction) => instruction.text)).toEqual(["node"]);
    const entrypoint = execForm(lastOf("ENTRYPOINT"));
    expect(entrypoint).toEqual(["node", packageJson.bin.rte]);
    expect(entrypoint[1]).toBe("dist/cli.js");
    // tsc compiles src/cli.ts to dist/cli.js: the entry point exists once the build stage ran.
    expect(existsSync("src/cli.ts")).toBe(true);
    expect(JSON.parse(readFileSync("tsconfig.build.json", "utf8")).compilerOptions.outDir).toBe("dist");
    const command = execForm(lastOf("CMD"));
    expect(command).toEqual(["serve"]);
    expect(command.every((word) => word.startsWith("-") || isCommandName(word))).toBe(true);
  });

  it("copies only files that exist and that .dockerignore lets into the build context", () => {
    const ignored = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    for (const secret of [".env", ".rte", "node_modules", ".git"]) expect(ignored).toContain(secret);
    const copies = dockerfile.filter(
      (instruction) => instruction.keyword === "COPY" && !instruction.text.startsWith("--from"),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.text.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(source), `COPY ${source}`).toBe(true);
        expect(
          ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
          `${source} is ignored`,
        ).toBe(false);
      }
    }
    // The persona is read at run time from prompts/, beside dist/.
    expect(copies.map((copy) => copy.text)).toContain("prompts ./prompts");
    expect(dockerfile.map((instruction) => instruction.text)).toContain("--from=build /app/dist ./dist");
  });

  it("sizes the heap in NODE_OPTIONS, the same flags `npm start` passes to node", () => {
    const heap = dockerfile
      .filter((instruction) => instruction.stage === runtimeStage && instruction.keyword === "ENV")
      .map((instruction) => /^NODE_OPTIONS="?([^"]*)"?$/.exec(instruction.text)?.[1])
      .find((flags) => flags !== undefined);
    expect(heap).toMatch(/--max-old-space-size=\d+/);
    expect(packageJson.scripts.start).toContain(`node ${heap} ${packageJson.bin.rte} serve`);
  });

  it("checks liveness on /healthz on the port rte listens on", () => {
    const healthcheck = lastOf("HEALTHCHECK");
    expect(healthcheck).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[/);
    expect(execForm(healthcheck).join(" ")).toContain("/healthz");
    expect(execForm(healthcheck).join(" ")).toContain(`process.env.PORT || ${loadConfig({}).port}`);
    expect(lastOf("EXPOSE")).toBe(String(loadConfig({}).port));
  });
});

describe("fly.toml", () => {
  // biome-ignore lint/suspicious/noExplicitAny: parsed TOML of any shape, indexed freely below.
  const fly = parse(readFileSync("fly.toml", "utf8")) as any;
  const port = Number(fly.env.PORT);

  it("runs ingress in `app` and workers in `worker`, each an rte command after the image's entrypoint", () => {
    expect(Object.keys(fly.processes).sort()).toEqual(["app", "worker"]);
    expect(fly.processes.app).toBe("ingress");
    expect(fly.processes.worker).toBe("worker");
    for (const command of Object.values(fly.processes) as string[]) {
      expect(isCommandName(command.split(/\s+/)[0] ?? ""), command).toBe(true);
    }
  });

  it("stops with SIGTERM and waits longer than rte's own graceful stop", () => {
    expect(fly.kill_signal).toBe("SIGTERM");
    expect(fly.kill_timeout * 1_000).toBeGreaterThan(shutdownDeadlineMs);
    expect(shutdownDeadlineMs).toBeGreaterThan(defaultWorkerTiming.shutdownGraceMs);
    expect(fly.kill_timeout).toBeLessThanOrEqual(300); // Fly's maximum
  });

  it("serves and checks HTTP on the app group, never auto-stopping its gateway connections", () => {
    const service = fly.http_service;
    expect(service.processes).toEqual(["app"]);
    expect(service.internal_port).toBe(port);
    expect(service.auto_stop_machines).toBe("off");
    expect(service.checks.map((check: { path: string }) => check.path)).toEqual(["/healthz"]);
  });

  it("checks the workers too, and lets Fly scrape /metrics on every machine", () => {
    const checks = Object.values(fly.checks) as Array<Record<string, unknown>>;
    expect(checks).toContainEqual(
      expect.objectContaining({ type: "http", processes: ["worker"], port, path: "/healthz" }),
    );
    expect(fly.metrics).toEqual({ port, path: "/metrics" });
  });

  it("keeps secrets out of [env], and every [env] value is one rte accepts", () => {
    for (const name of Object.keys(fly.env)) expect(secretVariables).not.toContain(name);
    expect(loadConfig(fly.env).port).toBe(port);
  });
});

describe("docker-compose.yml", () => {
  const compose = readFileSync("docker-compose.yml", "utf8");

  it("runs Redis without eviction and with AOF, and points rte at it", () => {
    expect(compose).toContain('"--maxmemory-policy", "noeviction"');
    expect(compose).toContain('"--appendonly", "yes"');
    expect(compose).toContain("REDIS_URL: redis://redis:6379");
    expect(compose).toMatch(/command: \["serve"\]/);
    const grace = Number(/stop_grace_period: (\d+)s/.exec(compose)?.[1]);
    expect(grace * 1_000).toBeGreaterThan(shutdownDeadlineMs);
  });
});
