import { z } from "zod";
import { parseToolList } from "./llm/tool-list.js";

/**
 * Every environment variable rte reads, once: how it is checked, what it is for (and how to get it), and
 * what applies when it is unset. Configuration errors quote `description`; docs/configuration.md is
 * generated from this table (test/configuration-docs.test.ts), so the two cannot drift apart.
 */
export interface Variable<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  description: string;
  /** What applies when the variable is unset, as the docs show it; a bare value is what the schema yields. */
  default: string;
}

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

const variable = <Schema extends z.ZodType>(entry: Variable<Schema>) => entry;

export const variables = {
  ANTHROPIC_API_KEY: variable({
    schema: optionalText,
    description: "Claude API key; create one at https://platform.claude.com/settings/keys",
    default: "none: required wherever the worker runs (serve, worker, ask, chat)",
  }),
  ANTHROPIC_BASE_URL: variable({
    schema: url,
    description: "base URL of the Anthropic API (tests point it at a loopback fake)",
    default: "https://api.anthropic.com",
  }),
  RTE_MODEL: variable({
    schema: z.string().trim().min(1).default("claude-sonnet-5-5"),
    description: "Claude model id",
    default: "claude-sonnet-5-5",
  }),
  RTE_MAX_TOKENS: variable({
    schema: wholeNumber(8192),
    description: "longest answer in tokens, a whole number",
    default: "8192",
  }),
  RTE_MODEL_THREAD: variable({
    schema: z.enum(["on", "off"]).default("on"),
    description:
      "on: a worker (serve, worker) reads Claude's streams in a thread of its own, off its main thread, which then gets each answer's text in batches (about 40 MB more memory, a steadier event loop under hundreds of answers); off: on the main thread, for a small machine that answers a few questions at a time. The terminal (ask, chat) always reads on its main thread",
    default: "on",
  }),
  REDIS_URL: variable({
    schema: url,
    description: "Redis for the queue, e.g. redis://localhost:6379",
    default: "a private redis-server under ./.rte/ (serve, ask, chat only)",
  }),
  SLACK_BOT_TOKEN: variable({
    schema: optionalText.refine((value) => value === undefined || value.startsWith("xox"), {
      message: "must start with xoxb-",
    }),
    description: "Slack bot token (xoxb-…), from your Slack app's OAuth & Permissions page",
    default: "Slack off",
  }),
  SLACK_SIGNING_SECRET: variable({
    schema: optionalText,
    description: "Slack signing secret, from your Slack app's Basic Information page (Slack over HTTP)",
    default: "none: needed with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN is set",
  }),
  SLACK_APP_TOKEN: variable({
    schema: optionalText.refine((value) => value === undefined || value.startsWith("xapp-"), {
      message: "must start with xapp-",
    }),
    description: "Slack app-level token (xapp-…) with connections:write, for Socket Mode",
    default: "HTTP instead of Socket Mode",
  }),
  SLACK_API_URL: variable({
    schema: url,
    description: "base URL of the Slack Web API",
    default: "https://slack.com/api/",
  }),
  RTE_STATUS_DELAY_MS: variable({
    schema: wholeNumber(1_000, 0),
    description:
      "how long a Slack question may go without visible text before rte shows “is thinking…” under it, in milliseconds (0: at once); answers that start sooner cost no status call",
    default: "1000",
  }),
  DISCORD_TOKEN: variable({
    schema: optionalText,
    description: "Discord bot token, from the Bot page of your Discord application",
    default: "Discord off",
  }),
  DISCORD_APPLICATION_ID: variable({
    schema: optionalText.refine((value) => value === undefined || /^\d+$/.test(value), {
      message: "must be the numeric application id",
    }),
    description: "Discord application id, from the General Information page of your Discord application",
    default: "none: needed with DISCORD_TOKEN",
  }),
  DISCORD_API_URL: variable({
    schema: url,
    description: "base URL of the Discord REST API without the version",
    default: "https://discord.com/api",
  }),
  PORT: variable({
    schema: wholeNumber(3000, 0).refine((port) => port <= 65535, { message: "must be at most 65535" }),
    description: "HTTP port for /slack/events, /healthz, /readyz and /metrics",
    default: "3000",
  }),
  LOG_LEVEL: variable({
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    description: "log level: fatal, error, warn, info, debug, trace or silent",
    default: "info",
  }),
  RTE_WORKER_CONCURRENCY: variable({
    schema: wholeNumber(200),
    description: "answers one worker writes at once, a whole number",
    default: "200",
  }),
  RTE_INGRESS_NICE: variable({
    schema: z.coerce.number().int().min(-20).max(0).default(-10),
    description:
      "niceness (−20–0) an `rte ingress` process asks for, so that on a machine it shares with `rte worker` Slack's acks get the CPU before answers do; needs root or CAP_SYS_NICE (otherwise it runs as started and says so in the log); 0 leaves it as started",
    default: "-10",
  }),
  RTE_WORKER_NICE: variable({
    schema: z.coerce.number().int().min(0).max(19).default(0),
    description:
      "niceness (0–19) an `rte worker` process gives itself, so that on a machine it shares with `rte ingress` Slack's acks get the CPU before answers do; 0 leaves the priority it was started with. No effect on `rte serve` or on a machine of its own",
    default: "0",
  }),
  RTE_MODEL_THREAD_NICE: variable({
    schema: z.coerce.number().int().min(0).max(19).default(10),
    description:
      "niceness (0–19) of the thread that reads Claude's streams (RTE_MODEL_THREAD=on, Linux), so that Slack's acks, Redis and the worker's own event loop get a core before it does on a machine they share; it only ever lowers the thread, and 0 leaves it at the process's priority",
    default: "10",
  }),
  RTE_LOCK_MS: variable({
    schema: z.coerce.number().int().min(500).optional(),
    description:
      "how long a worker's hold on an answer lasts without renewal, in milliseconds; a killed worker's answer is resumed by another about this long plus two stalled checks later",
    default: "8000 (the worker's own default)",
  }),
  RTE_STALLED_CHECK_MS: variable({
    schema: z.coerce.number().int().min(100).optional(),
    description: "how often workers look for answers whose worker died, in milliseconds",
    default: "5000 (the worker's own default)",
  }),
  RTE_CONTEXT_TOKENS: variable({
    schema: wholeNumber(100_000),
    description: "token budget for a thread's history in the prompt",
    default: "100000",
  }),
  RTE_MAX_QUESTION_CHARACTERS: variable({
    schema: wholeNumber(20_000),
    description: "longest question accepted, in characters",
    default: "20000",
  }),
  RTE_USER_LIMIT: variable({
    schema: wholeNumber(20),
    description: "questions one user may ask per 10 minutes",
    default: "20",
  }),
  RTE_CHANNEL_LIMIT: variable({
    schema: wholeNumber(200),
    description: "questions one channel may ask per 10 minutes",
    default: "200",
  }),
  RTE_ALLOWED_CHANNELS: variable({
    schema: idList,
    description: "comma-separated channel, workspace or guild ids allowed to ask (`@me` for Discord DMs)",
    default: "all",
  }),
  RTE_DENIED_USERS: variable({
    schema: idList,
    description: "comma-separated user ids that are never answered",
    default: "none",
  }),
  RTE_DATA_DIR: variable({
    schema: z.string().trim().min(1).default(".rte"),
    description: "folder for the private redis-server's data",
    default: ".rte",
  }),
  RTE_QUEUE_PREFIX: variable({
    schema: z.string().trim().min(1).default("rte"),
    description: "Redis key prefix of the queue; use {rte} on Redis Cluster",
    default: "rte",
  }),
  RTE_PERSONAS: variable({
    schema: idList.pipe(
      z.array(z.string().regex(/^[^=]+=.+$/, { message: "each entry must be id=path/to/persona.md" })),
    ),
    description:
      "per-channel persona files, comma-separated id=path pairs (channel, workspace or guild id = Markdown file, read at start), e.g. C0123=prompts/realtime-engineer-terse.md",
    default: "prompts/realtime-engineer.md everywhere",
  }),
  RTE_PRICES: variable({
    schema: priceOverrides,
    description:
      'JSON of dollars per million tokens by model, laid over the built-in list prices, e.g. {"claude-sonnet-5-5":{"input":2,"output":10,"cacheWrite":2.5,"cacheRead":0.2}}; cacheWrite and cacheRead default to 1.25× and 0.1× input; webSearch is dollars per search (default 0.01)',
    default: "the built-in list prices",
  }),
  RTE_TOOLS: variable({
    schema: z
      .string()
      .optional()
      .transform((text, context) => {
        const result = parseToolList(text ?? "");
        if (!("problem" in result)) return result;
        context.addIssue({ code: "custom", message: result.problem });
        return z.NEVER;
      }),
    description:
      "server tools Claude may use while answering: none, or a comma-separated list of web_search, web_fetch and code_execution, each search or fetch optionally capped per answer, e.g. web_search=3,web_fetch",
    default: "web_search=5,web_fetch=5,code_execution",
  }),
};

export type VariableName = keyof typeof variables;

/** One zod object of every variable's schema, typed per variable. */
export const environmentSchema = z.object(
  Object.fromEntries(Object.entries(variables).map(([name, entry]) => [name, entry.schema])) as {
    [Name in VariableName]: (typeof variables)[Name]["schema"];
  },
);

/** The docs' configuration table, one row per variable, in the table's order. */
export function configurationTable(): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  return [
    "| variable | what it is for | when unset |",
    "| --- | --- | --- |",
    ...Object.entries(variables).map(
      ([name, entry]) => `| \`${name}\` | ${cell(entry.description)} | ${cell(entry.default)} |`,
    ),
  ].join("\n");
}
