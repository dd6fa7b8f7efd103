import { createRequire } from "node:module";
import pino from "pino";
import type { Logger } from "../core/logger.js";
import { censorSecrets } from "./censor-secrets.js";

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (pino-pretty) instead of JSON; default: when stderr is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go; default stderr, so stdout stays clean for `rte ask`. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = (options.pretty ?? Boolean(process.stderr.isTTY)) && prettyInstalled();
  const destination = options.destination ?? process.stderr;
  const settings = {
    level: options.level,
    // Secrets are censored by key in every line (censor-secrets.ts), and in children's bindings below.
    formatters: { log: censorSecrets },
    base: { service: "rte" },
  };
  if (pretty && !options.destination) {
    return censoringChildren(
      pino({
        ...settings,
        transport: { target: "pino-pretty", options: { destination: 2, colorize: true } },
      }),
    );
  }
  return censoringChildren(pino(settings, destination as pino.DestinationStream));
}

/** pino's bindings formatter sees only the root's own (`base`, ours); a child's bindings are censored here. */
function censoringChildren(logger: pino.Logger): Logger {
  return {
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
    child: (bindings) => censoringChildren(logger.child(censorSecrets(bindings))),
  };
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
