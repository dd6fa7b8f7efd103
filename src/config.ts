import type { z } from "zod";
import { environmentSchema, type VariableName, variables } from "./config-variables.js";
import { ConfigError } from "./core/errors.js";
import type { ServerToolSetting } from "./llm/server-tool-params.js";
import { createPriceTable, type PriceTable } from "./usage/prices.js";

/**
 * The only reader of process.env. Each variable is described once, in config-variables.ts (its check, what it
 * is for, and what applies when unset), so a failure can say exactly what to fix and the docs' table is
 * generated from the same entry.
 */
const schema = environmentSchema;

export type { VariableName };

type Parsed = z.infer<typeof schema>;

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string | undefined;
  /** Milliseconds a question waits for its first text before the thread status shows. */
  statusDelayMs: number;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl: string | undefined;
}

export interface Config {
  anthropic: {
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    maxTokens: number;
    /** Claude's streams are read in a worker thread (threaded-model.ts) rather than on the main thread. */
    thread: boolean;
  };
  redisUrl: string | undefined;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
  port: number;
  /** The niceness `rte ingress` asks for (runtime/process-priority.ts); 0 leaves it as started. */
  ingressNiceness: number;
  logLevel: Parsed["LOG_LEVEL"];
  worker: {
    concurrency: number;
    contextTokens: number;
    /** Unset: the worker's own defaults (defaultWorkerTiming), which the 20 s resumption in ../shared/DESIGN.md rests on (docs/architecture.md). */
    lockDurationMs: number | undefined;
    stalledIntervalMs: number | undefined;
    /** The niceness `rte worker` gives itself (runtime/process-priority.ts); 0 leaves it as started. */
    niceness: number;
    /** The niceness the model thread lowers itself to (llm/model-thread-priority.ts); 0 leaves it. */
    modelThreadNiceness: number;
  };
  limits: {
    maxQuestionCharacters: number;
    perUserPerTenMinutes: number;
    perChannelPerTenMinutes: number;
    allowedChannels: string[];
    deniedUsers: string[];
  };
  dataDir: string;
  queuePrefix: string;
  /** Persona file per channel, workspace or guild id. */
  personas: Record<string, string>;
  /** Dollars per million tokens by model, for estimated cost in metrics and `rte usage`. */
  prices: PriceTable;
  /** Server tools offered to Claude with their caps per answer; empty when RTE_TOOLS is none. */
  tools: ServerToolSetting[];
}

/** Reads and checks the environment; throws one ConfigError naming every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]) as VariableName;
      // A JSON variable's problem sits deeper; say where (e.g. "claude-sonnet-5-5.input").
      const where = issue.path.length > 1 ? ` at ${issue.path.slice(1).join(".")}` : "";
      return describe(name, `${issue.message}${where} (got ${JSON.stringify(env[name])})`);
    });
    throw configError(problems);
  }
  const parsed = result.data;
  const problems = pairingProblems(parsed);
  if (problems.length > 0) throw configError(problems);
  return Object.freeze(toConfig(parsed));
}

/** The worker cannot run without a key; only roles that run it ask for this. */
export function requireAnthropicKey(config: Config): string {
  if (config.anthropic.apiKey) return config.anthropic.apiKey;
  throw configError([describe("ANTHROPIC_API_KEY", "is not set")]);
}

function pairingProblems(parsed: Parsed): string[] {
  const problems: string[] = [];
  if (parsed.SLACK_BOT_TOKEN && !parsed.SLACK_SIGNING_SECRET && !parsed.SLACK_APP_TOKEN) {
    problems.push(
      describe(
        "SLACK_SIGNING_SECRET",
        "is needed with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)",
      ),
    );
  }
  if (!parsed.SLACK_BOT_TOKEN && (parsed.SLACK_SIGNING_SECRET || parsed.SLACK_APP_TOKEN)) {
    problems.push(
      describe("SLACK_BOT_TOKEN", "is needed when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set"),
    );
  }
  if (Boolean(parsed.DISCORD_TOKEN) !== Boolean(parsed.DISCORD_APPLICATION_ID)) {
    const missing = parsed.DISCORD_TOKEN ? "DISCORD_APPLICATION_ID" : "DISCORD_TOKEN";
    problems.push(
      describe(missing, "is needed too: Discord needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID"),
    );
  }
  return problems;
}

function toConfig(parsed: Parsed): Config {
  return {
    anthropic: {
      apiKey: parsed.ANTHROPIC_API_KEY,
      baseUrl: parsed.ANTHROPIC_BASE_URL,
      model: parsed.RTE_MODEL,
      maxTokens: parsed.RTE_MAX_TOKENS,
      thread: parsed.RTE_MODEL_THREAD === "on",
    },
    redisUrl: parsed.REDIS_URL,
    slack: parsed.SLACK_BOT_TOKEN
      ? {
          botToken: parsed.SLACK_BOT_TOKEN,
          signingSecret: parsed.SLACK_SIGNING_SECRET,
          appToken: parsed.SLACK_APP_TOKEN,
          apiUrl: parsed.SLACK_API_URL,
          statusDelayMs: parsed.RTE_STATUS_DELAY_MS,
        }
      : undefined,
    discord:
      parsed.DISCORD_TOKEN && parsed.DISCORD_APPLICATION_ID
        ? {
            token: parsed.DISCORD_TOKEN,
            applicationId: parsed.DISCORD_APPLICATION_ID,
            apiUrl: parsed.DISCORD_API_URL,
          }
        : undefined,
    port: parsed.PORT,
    ingressNiceness: parsed.RTE_INGRESS_NICE,
    logLevel: parsed.LOG_LEVEL,
    worker: {
      concurrency: parsed.RTE_WORKER_CONCURRENCY,
      contextTokens: parsed.RTE_CONTEXT_TOKENS,
      lockDurationMs: parsed.RTE_LOCK_MS,
      stalledIntervalMs: parsed.RTE_STALLED_CHECK_MS,
      niceness: parsed.RTE_WORKER_NICE,
      modelThreadNiceness: parsed.RTE_MODEL_THREAD_NICE,
    },
    limits: {
      maxQuestionCharacters: parsed.RTE_MAX_QUESTION_CHARACTERS,
      perUserPerTenMinutes: parsed.RTE_USER_LIMIT,
      perChannelPerTenMinutes: parsed.RTE_CHANNEL_LIMIT,
      allowedChannels: parsed.RTE_ALLOWED_CHANNELS,
      deniedUsers: parsed.RTE_DENIED_USERS,
    },
    dataDir: parsed.RTE_DATA_DIR,
    queuePrefix: parsed.RTE_QUEUE_PREFIX,
    personas: Object.fromEntries(
      parsed.RTE_PERSONAS.map((entry) => {
        const [id = "", ...path] = entry.split("=");
        return [id.trim(), path.join("=").trim()];
      }),
    ),
    prices: createPriceTable(parsed.RTE_PRICES),
    tools: parsed.RTE_TOOLS,
  };
}

function describe(name: VariableName, problem: string): string {
  const { description, default: unset } = variables[name];
  return `  ${name} ${problem}\n      ${description} (when unset: ${unset})`;
}

function configError(problems: string[]): ConfigError {
  return new ConfigError(`Configuration problem${problems.length > 1 ? "s" : ""}:\n${problems.join("\n")}`);
}
