import type { Redis } from "ioredis";

export type ScriptCall = (...keysThenArguments: Array<string | number>) => Promise<unknown>;

/**
 * A Lua script as one of the connection's own commands (ioredis `defineCommand`), defined once per
 * connection under `name`: the first call on a socket sends the script (EVAL), later ones only its SHA1
 * (EVALSHA), and ioredis sends it again if Redis lost it (NOSCRIPT). The call takes the keys, then the
 * arguments.
 *
 * Why a script rather than EVAL or MULTI for the worker's frequent writes: EVAL sends the whole script
 * every time and Redis hashes it; an ioredis MULTI of a few commands costs the client about three times the
 * CPU of one script call doing the same (a pipeline object, a promise and a reply array per command,
 * measured with 50 calls in flight on loopback). At 1,000 answers ending within seconds on one worker,
 * those costs add up to a visible share of its CPU.
 */
export function connectionScript(redis: Redis, name: string, numberOfKeys: number, lua: string): ScriptCall {
  const commands = redis as unknown as Record<string, ScriptCall | undefined>;
  if (commands[name] === undefined) redis.defineCommand(name, { numberOfKeys, lua });
  const call = commands[name] as ScriptCall;
  return call.bind(redis);
}
