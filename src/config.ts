import { z } from "zod";
import { ConfigError } from "./core/errors.js";
import type { ServerToolSetting } from "./llm/server-tool-params.js";
import { parseToolList } from "./llm/tool-list.js";
import { createPriceTable, type PriceTable } from "./usage/prices.js";

/**
 * The only reader of process.env. Every variable is described once, here: what it is for and how to get
 * it, so a failure can say exactly what to fix. Every setting with a working default has one.
 */
const variables = {
  ANTHROPIC_API_KEY: "Claude API key; create one at https://platform.claude.com/settings/keys",
  ANTHROPIC_BASE_URL: "base URL of the Anthropic API (default https://api.anthropic.com)",
  RTE_MODEL: "Claude model id (default claude-sonnet-5-5)",
  RTE_MAX_TOKENS: "longest answer in tokens, a whole number (default 8192)",
  REDIS_URL:
    "Redis for the queue, e.g. redis://localhost:6379 (default: a private redis-server under ./.rte/)",
  SLACK_BOT_TOKEN: "Slack bot token (xoxb-…), from your Slack app's OAuth & Permissions page",
  SLACK_SIGNING_SECRET: "Slack signing secret, from your Slack app's Basic Information page",
  SLACK_APP_TOKEN: "Slack app-level token (xapp-…) with connections:write, for Socket Mode",
  SLACK_API_URL: "base URL of the Slack Web API (default https://slack.com/api/)",
  DISCORD_TOKEN: "Discord bot token, from the Bot page of your Discord application",
  DISCORD_APPLICATION_ID:
    "Discord application id, from the General Information page of your Discord application",
  DISCORD_API_URL: "base URL of the Discord REST API without the version (default https://discord.com/api)",
  PORT: "HTTP port for /slack/events, /healthz, /readyz and /metrics (default 3000)",
  LOG_LEVEL: "log level: fatal, error, warn, info, debug or trace (default info)",
  RTE_WORKER_CONCURRENCY: "answers one worker writes at once, a whole number (default 200)",
  RTE_LOCK_MS:
    "how long a worker's hold on an answer lasts without renewal, in milliseconds; a killed worker's answer is resumed by another about this long plus two stalled checks later (default 8000)",
  RTE_STALLED_CHECK_MS:
    "how often workers look for answers whose worker died, in milliseconds (default 5000)",
  RTE_CONTEXT_TOKENS: "token budget for a thread's history in the prompt (default 100000)",
  RTE_MAX_QUESTION_CHARACTERS: "longest question accepted, in characters (default 20000)",
  RTE_USER_LIMIT: "questions one user may ask per 10 minutes (default 20)",
  RTE_CHANNEL_LIMIT: "questions one channel may ask per 10 minutes (default 200)",
  RTE_ALLOWED_CHANNELS: "comma-separated channel, workspace or guild ids allowed to ask (default: all)",
  RTE_DENIED_USERS: "comma-separated user ids that are never answered (default: none)",
  RTE_DATA_DIR: "folder for the private redis-server's data (default ./.rte)",
  RTE_QUEUE_PREFIX: "Redis key prefix of the queue; use {rte} on Redis Cluster (default rte)",
  RTE_PERSONAS:
    "per-channel persona files, comma-separated id=path pairs, e.g. C0123=prompts/realtime-engineer-terse.md (default: none)",
  RTE_TOOLS:
    "server tools Claude may use while answering: none, or a comma-separated list of web_search, web_fetch and code_execution, each search or fetch optionally capped per answer, e.g. web_search=3,web_fetch (default web_search=5,web_fetch=5,code_execution)",
  RTE_PRICES:
    'JSON of dollars per million tokens by model, laid over the built-in list prices, e.g. {"claude-sonnet-5-5":{"input":2,"output":10,"cacheWrite":2.5,"cacheRead":0.2}}; cacheWrite and cacheRead default to 1.25× and 0.1× input; webSearch is dollars per search (default 0.01)',
} as const;

export type VariableName = keyof typeof variables;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const url = z.url({ protocol: /^https?$|^rediss?$/ }).optional();
const wholeNumber = (fallback: number, minimum = 1) => z.coerce.number().int().min(minimum).default(fallback);
const idList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  );

const price = z.number().nonnegative();
const priceOverrides = z
  .string()
  .optional()
  .transform((text, context) => {
    if (text === undefined || text.trim() === "") return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "is not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string(),
      z.strictObject({
        input: price,
        output: price,
        cacheWrite: price.optional(),
        cacheRead: price.optional(),
        webSearch: price.optional(),
      }),
    ),
  );

const schema = z.object({
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: url,
  RTE_MODEL: z.string().trim().min(1).default("claude-sonnet-5-5"),
  RTE_MAX_TOKENS: wholeNumber(8192),
  REDIS_URL: url,
  SLACK_BOT_TOKEN: optionalText.refine((value) => value === undefined || value.startsWith("xox"), {
    message: "must start with xoxb-",
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((value) => value === undefined || value.startsWith("xapp-"), {
    message: "must start with xapp-",
  }),
  SLACK_API_URL: url,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((value) => value === undefined || /^\d+$/.test(value), {
    message: "must be the numeric application id",
  }),
  DISCORD_API_URL: url,
  PORT: wholeNumber(3000, 0).refine((port) => port <= 65535, { message: "must be at most 65535" }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  RTE_WORKER_CONCURRENCY: wholeNumber(200),
  RTE_LOCK_MS: z.coerce.number().int().min(500).optional(),
  RTE_STALLED_CHECK_MS: z.coerce.number().int().min(100).optional(),
  RTE_CONTEXT_TOKENS: wholeNumber(100_000),
  RTE_MAX_QUESTION_CHARACTERS: wholeNumber(20_000),
  RTE_USER_LIMIT: wholeNumber(20),
  RTE_CHANNEL_LIMIT: wholeNumber(200),
  RTE_ALLOWED_CHANNELS: idList,
  RTE_DENIED_USERS: idList,
  RTE_DATA_DIR: z.string().trim().min(1).default(".rte"),
  RTE_QUEUE_PREFIX: z.string().trim().min(1).default("rte"),
  RTE_PERSONAS: idList.pipe(
    z.array(z.string().regex(/^[^=]+=.+$/, { message: "each entry must be id=path/to/persona.md" })),
  ),
  RTE_TOOLS: z
    .string()
    .optional()
    .transform((text, context) => {
      const result = parseToolList(text ?? "");
      if (!("problem" in result)) return result;
      context.addIssue({ code: "custom", message: result.problem });
      return z.NEVER;
    }),
  RTE_PRICES: priceOverrides,
});

type Parsed = z.infer<typeof schema>;

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string | undefined;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl: string | undefined;
}

export interface Config {
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined; model: string; maxTokens: number };
  redisUrl: string | undefined;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
  port: number;
  logLevel: Parsed["LOG_LEVEL"];
  worker: {
    concurrency: number;
    contextTokens: number;
    /** Unset: the worker's own defaults (defaultWorkerTiming), which DESIGN.md's 20 s resumption rests on. */
    lockDurationMs: number | undefined;
    stalledIntervalMs: number | undefined;
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
  /** Server tools offered to Claude with their caps per answer; empty when RTE_TOOLS is none. */
  tools: ServerToolSetting[];
  /** Dollars per million tokens by model, for estimated cost in metrics and `rte usage`. */
  prices: PriceTable;
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
    },
    redisUrl: parsed.REDIS_URL,
    slack: parsed.SLACK_BOT_TOKEN
      ? {
          botToken: parsed.SLACK_BOT_TOKEN,
          signingSecret: parsed.SLACK_SIGNING_SECRET,
          appToken: parsed.SLACK_APP_TOKEN,
          apiUrl: parsed.SLACK_API_URL,
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
    logLevel: parsed.LOG_LEVEL,
    worker: {
      concurrency: parsed.RTE_WORKER_CONCURRENCY,
      contextTokens: parsed.RTE_CONTEXT_TOKENS,
      lockDurationMs: parsed.RTE_LOCK_MS,
      stalledIntervalMs: parsed.RTE_STALLED_CHECK_MS,
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
    tools: parsed.RTE_TOOLS,
    prices: createPriceTable(parsed.RTE_PRICES),
  };
}

function describe(name: VariableName, problem: string): string {
  return `  ${name} ${problem}\n      ${variables[name]}`;
}

function configError(problems: string[]): ConfigError {
  return new ConfigError(`Configuration problem${problems.length > 1 ? "s" : ""}:\n${problems.join("\n")}`);
}
