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
 * Paths that may carry secrets anywhere in a log object. Tokens never belong in logs, but a careless
 * `{ config }` or `{ headers }` must still come out clean.
 */
const redactedPaths = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "signingSecret",
  "*.signingSecret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-api-key"]',
  "password",
  "*.password",
];

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
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
