import { LogLevel, type Logger as SlackLogger } from "@slack/web-api";
import type { Logger } from "../../core/logger.js";

/**
 * Bolt and WebClient log through @slack/logger's interface; this sends those lines to rte's logger, so they
 * carry its bindings and redaction. Bolt's own levels are ignored: rte's LOG_LEVEL decides.
 */
export function slackLogger(logger: Logger): SlackLogger {
  const line = (messages: unknown[]) => ({
    message: messages.map((each) => (each instanceof Error ? each.message : String(each))).join(" "),
  });
  return {
    debug: (...messages: unknown[]) => logger.debug(line(messages), "slack sdk"),
    info: (...messages: unknown[]) => logger.info(line(messages), "slack sdk"),
    warn: (...messages: unknown[]) => logger.warn(line(messages), "slack sdk"),
    error: (...messages: unknown[]) => logger.error(line(messages), "slack sdk"),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}
