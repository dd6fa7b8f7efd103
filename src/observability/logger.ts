import { createRequire } from "node:module";
import pino from "pino";
import type { Logger } from "../core/logger.js";

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (pino-pretty) instead of JSON; default: when stderr is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go; default stderr, so stdout stays clean for `rte ask`. */
  destination?: NodeJS.WritableStream;
}

/**
 * Keys that carry secrets wherever they appear. Tokens never belong in logs, but a careless `{ config }`
 * (where the key sits at `config.anthropic.apiKey`), `{ headers }` or `{ env }` must still come out clean.
 */
const secretKeys = [
  "token",
  "apiKey",
  "botToken",
  "appToken",
  "signingSecret",
  "secret",
  "password",
  "authorization",
  "cookie",
  '["x-api-key"]',
  "redisUrl",
  "ANTHROPIC_API_KEY",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DISCORD_TOKEN",
  "REDIS_URL",
];

/** pino matches paths exactly, so each key is listed at the depths a log object reaches. */
const redactedPaths = secretKeys.flatMap((key) => {
  const joined = (prefix: string) => (key.startsWith("[") ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key.startsWith("[") ? `*${key}` : key, joined("*"), joined("*.*"), joined("*.*.*")];
});

export function createLogger(options: LoggerOptions): Logger {
  const pretty = (options.pretty ?? Boolean(process.stderr.isTTY)) && prettyInstalled();
  const destination = options.destination ?? process.stderr;
  const settings = {
    level: options.level,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    base: { service: "rte" },
  };
  if (pretty && !options.destination) {
    return pino({
      ...settings,
      transport: { target: "pino-pretty", options: { destination: 2, colorize: true } },
    });
  }
  return pino(settings, destination as pino.DestinationStream);
}

/** pino-pretty is a dev dependency: a production install (`npm ci --omit=dev`) logs JSON even on a TTY. */
function prettyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}
