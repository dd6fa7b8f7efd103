/**
 * Keys that carry secrets wherever they appear. Tokens never belong in logs, but a careless `{ config }`
 * (where the key sits at `config.anthropic.apiKey`), `{ headers }` or `{ env }` must still come out clean.
 */
const secretKeys = new Set([
  "token",
  "apiKey",
  "botToken",
  "appToken",
  "signingSecret",
  "secret",
  "password",
  "authorization",
  "cookie",
  "x-api-key",
  "redisUrl",
  "ANTHROPIC_API_KEY",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DISCORD_TOKEN",
  "REDIS_URL",
]);

export const censored = "[redacted]";

/** Deeper than any object rte logs; past it a value is logged as it is (pino's wildcard paths went 4 deep). */
const maxDepth = 8;

/**
 * `value` with every secret key's value replaced by "[redacted]", at any depth up to `maxDepth`, in plain
 * objects, arrays, class instances and errors alike. What holds no secret is returned as it is (the same
 * object, nothing copied), so the common log line costs a look at each key and nothing more.
 *
 * Why not pino's `redact`: its wildcard paths (`*.token`, `*.*.token`, …) cost about 30 µs for every line
 * and for every child logger, which a worker makes per job (docs/performance.md); this walk about 2.
 * An error that holds a secret is copied too, with its class, message and stack.
 */
export function censorSecrets<T>(value: T): T {
  return censor(value, 0) as T;
}

function censor(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null || depth >= maxDepth || ArrayBuffer.isView(value)) {
    return value;
  }
  if (Array.isArray(value)) return censorArray(value, depth);
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const entry = (value as Record<string, unknown>)[key];
    const clean = secretKeys.has(key) && entry !== undefined ? censored : censor(entry, depth + 1);
    if (clean === entry) continue;
    copy ??= copyOf(value);
    copy[key] = clean;
  }
  return copy ?? value;
}

function censorArray(value: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (const [index, entry] of value.entries()) {
    const clean = censor(entry, depth + 1);
    if (clean === entry) continue;
    copy ??= [...value];
    copy[index] = clean;
  }
  return copy ?? value;
}

/**
 * An error's copy keeps its prototype, so pino's error serializer still names its class, and its message and
 * stack (own properties JSON would leave out), so the line says what failed.
 */
function copyOf(value: object): Record<string, unknown> {
  const copy: Record<string, unknown> =
    value instanceof Error
      ? Object.assign(Object.create(Object.getPrototypeOf(value)), {
          message: value.message,
          stack: value.stack,
        })
      : {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) copy[key] = (value as Record<string, unknown>)[key];
  }
  return copy;
}
