/**
 * The bots under test, started as real processes with the environment production uses: rte from the built
 * CLI (`rte serve`, or `rte ingress` + `rte worker`), and the naive Bolt baseline. Each measured process
 * gets the probe preloaded (`--import`), and `--cpu-prof` when profiling.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../src/redis/private-redis.js";
import { signSlackRequest } from "../test/fakes/slack-signing.js";
import type { Fakes } from "./fakes/fakes-client.js";
import { request } from "./process/ipc.js";
import type { NamedRequests, ProbeReport } from "./process/probe.js";
import { productionNodeOptions } from "./process/production-node-options.js";
import { type Child, nodeScript, type Supervisor } from "./process/supervisor.js";

export type BotName = "rte" | "naive";

/** What a scenario runs against: a bot, and for rte the process layout. */
export interface Contender {
  key: "rte" | "rte-serve" | "naive";
  bot: BotName;
  layout: RteLayout;
}

export const contenders: Record<Contender["key"], Contender> = {
  rte: { key: "rte", bot: "rte", layout: "split" },
  "rte-serve": { key: "rte-serve", bot: "rte", layout: "serve" },
  naive: { key: "naive", bot: "naive", layout: "serve" },
};

/** `serve`: one rte process with both roles. `split`: `rte ingress` and `rte worker`, as on Fly. */
export type RteLayout = "serve" | "split";

export const slackSigningSecret = "bench-signing-secret";
export const slackBotToken = "xoxb-bench";
export const anthropicApiKey = "bench-key";

export interface BotOptions {
  supervisor: Supervisor;
  fakes: Fakes;
  redisUrl: string;
  /** Prefix of every Redis key of this run, so runs never see each other's questions. */
  queuePrefix: string;
  layout: RteLayout;
  /** Extra environment (RTE_WORKER_CONCURRENCY, …). */
  environment?: Record<string, string>;
  /** `rte worker` processes on the one queue in the split layout (default 1), as when Fly runs several. */
  workers?: number;
  /** Folder for `--cpu-prof` output; no profiling when undefined. */
  profileDirectory?: string;
  /** Folder where each process's whole output goes (`<process>.log`), for reading a run afterwards. */
  logDirectory?: string;
}

export interface RunningBot {
  name: BotName;
  eventsUrl: string;
  /** The process that receives Slack's events (rte's ingress, or the one process). */
  receiving: Child;
  /** The process that writes the answers (rte's worker, or the one process). */
  answering: Child;
  /** Where the answering process serves `/metrics` (rte only; the naive bot answers 404). */
  answeringMetricsUrl: string;
  /** Every answering process's `/metrics`, by process name (several `rte worker`s in the split layout). */
  workerMetricsUrls: Record<string, string>;
  processes: Child[];
  /** Aborted when any of the bot's processes exits on its own. */
  failed: AbortSignal;
  resetProbes(): Promise<void>;
  /** Probe reports by process name. */
  probes(): Promise<Record<string, ProbeReport>>;
  /** The receiving process's spans of the deliveries the client named (probe.ts). */
  namedRequests(): Promise<NamedRequests>;
  stop(): Promise<void>;
}

/** Thrown when the bot under test cannot take Slack events at all (e.g. no Slack adapter in this build). */
export class BotUnavailable extends Error {}

const probePath = pathToFileURL(nodeScript("process/probe.js")).href;

export function probeModule(): string {
  return probePath;
}

function nodeArguments(name: string, options: BotOptions): string[] {
  const args = ["--import", probePath];
  if (options.profileDirectory) {
    mkdirSync(options.profileDirectory, { recursive: true });
    args.push(
      "--cpu-prof",
      `--cpu-prof-dir=${options.profileDirectory}`,
      `--cpu-prof-name=${name}.cpuprofile`,
    );
  }
  return args;
}

/**
 * rte runs with production's Node options (the heap size); the naive bot with Node's defaults, as the
 * tutorial pattern would. `--node-options` of the bench come last, so an experiment overrides either.
 */
function nodeOptionsFor(name: BotName, options: BotOptions): Record<string, string> {
  const joined = [name === "rte" ? productionNodeOptions() : "", options.environment?.NODE_OPTIONS ?? ""]
    .join(" ")
    .trim();
  return joined === "" ? {} : { NODE_OPTIONS: joined };
}

function environmentFor(name: BotName, options: BotOptions, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    SLACK_BOT_TOKEN: slackBotToken,
    SLACK_SIGNING_SECRET: slackSigningSecret,
    SLACK_API_URL: options.fakes.slackUrl,
    ANTHROPIC_API_KEY: anthropicApiKey,
    ANTHROPIC_BASE_URL: options.fakes.anthropicUrl,
    REDIS_URL: options.redisUrl,
    RTE_QUEUE_PREFIX: options.queuePrefix,
    PORT: String(port),
    LOG_LEVEL: "warn",
    ...options.environment,
    ...nodeOptionsFor(name, options),
  };
}

export async function startBot(name: BotName, options: BotOptions): Promise<RunningBot> {
  const roles: Array<{ role: string; script: string; args: string[] }> =
    name === "naive"
      ? [{ role: "naive", script: nodeScript("naive/naive-bot.js"), args: [] }]
      : options.layout === "serve"
        ? [{ role: "rte-serve", script: resolve("dist/cli.js"), args: ["serve"] }]
        : [
            { role: "rte-ingress", script: resolve("dist/cli.js"), args: ["ingress"] },
            ...workerRoles(options.workers ?? 1),
          ];
  const processes: Child[] = [];
  const ports: number[] = [];
  if (options.logDirectory) mkdirSync(options.logDirectory, { recursive: true });
  for (const role of roles) {
    const port = await freePort();
    ports.push(port);
    processes.push(
      options.supervisor.start(role.role, {
        command: process.execPath,
        args: [...nodeArguments(role.role, options), role.script, ...role.args],
        env: environmentFor(name, options, port),
        ipc: true,
        stopGraceMs: 35_000,
        ...(options.logDirectory ? { logFile: `${options.logDirectory}/${role.role}.log` } : {}),
      }),
    );
  }
  const failed = AbortSignal.any(processes.map((child) => child.failed));
  const eventsUrl = `http://127.0.0.1:${ports[0]}/slack/events`;
  const bot: RunningBot = {
    name,
    eventsUrl,
    receiving: processes[0] as Child,
    answering: processes.at(-1) as Child,
    answeringMetricsUrl: `http://127.0.0.1:${ports.at(-1)}/metrics`,
    workerMetricsUrls: Object.fromEntries(
      roles.flatMap((role, index) =>
        role.role === "rte-ingress" ? [] : [[role.role, `http://127.0.0.1:${ports[index]}/metrics`]],
      ),
    ),
    processes,
    failed,
    async resetProbes() {
      await Promise.all(processes.map((child) => request(child.process, "probe-reset")));
    },
    async probes() {
      const reports = await Promise.all(
        processes.map(async (child) => [
          child.name,
          await request<ProbeReport>(child.process, "probe-report"),
        ]),
      );
      return Object.fromEntries(reports);
    },
    namedRequests: () => request<NamedRequests>(bot.receiving.process, "probe-named-requests"),
    async stop() {
      await Promise.all(processes.map((child) => child.stop()));
    },
  };
  try {
    await waitForSlackEndpoint(eventsUrl, failed);
    for (const [index, port] of ports.entries()) {
      if (index > 0) await waitForHealth(`http://127.0.0.1:${port}/healthz`, failed);
    }
  } catch (error) {
    await bot.stop();
    throw error;
  }
  return bot;
}

/** One `rte worker` keeps the name `rte-worker`; several are `rte-worker-1`, `rte-worker-2`, … */
function workerRoles(count: number): Array<{ role: string; script: string; args: string[] }> {
  return Array.from({ length: count }, (_, index) => ({
    role: count === 1 ? "rte-worker" : `rte-worker-${index + 1}`,
    script: resolve("dist/cli.js"),
    args: ["worker"],
  }));
}

/** Slack's own first request to a new events URL: a signed url_verification challenge. */
async function waitForSlackEndpoint(url: string, failed: AbortSignal): Promise<void> {
  const body = JSON.stringify({ token: "bench", challenge: "bench-challenge", type: "url_verification" });
  const deadline = Date.now() + 20_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    failed.throwIfAborted();
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...signSlackRequest(slackSigningSecret, body) },
        body,
      });
      const text = await response.text();
      if (response.ok && text.includes("bench-challenge")) return;
      last = `HTTP ${response.status} ${text.slice(0, 200)}`;
      if (response.status === 404)
        throw new BotUnavailable(`POST /slack/events answered 404: no Slack ingress in this build`);
    } catch (error) {
      if (error instanceof BotUnavailable) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }
  throw new Error(`${url} did not answer Slack's url_verification within 20 s (last: ${last})`);
}

async function waitForHealth(url: string, failed: AbortSignal): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    failed.throwIfAborted();
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }
  throw new Error(`${url} was not healthy within 20 s`);
}
