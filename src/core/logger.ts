/**
 * The logging port the core writes to: the subset of pino it uses, so tests can pass a recording logger and
 * the core does not import pino. Bindings (job id, platform, conversation) go in through `child`.
 */
export interface Logger {
  debug(bindings: object, message?: string): void;
  info(bindings: object, message?: string): void;
  warn(bindings: object, message?: string): void;
  error(bindings: object, message?: string): void;
  child(bindings: object): Logger;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
