import Anthropic from "@anthropic-ai/sdk";
import type { DoctorCheck } from "../adapters/platform-module.js";
import { configuredPlatformModules } from "../adapters/platform-modules.js";
import type { Config } from "../config.js";
import { errorMessage } from "../core/errors.js";
import { connectRedis, redactUrl, waitForRedis } from "../redis/connect-redis.js";

/** `rte doctor`: reaches every configured piece and prints a checklist with fixes; exit 0 only if all is well. */
export async function runDoctor(config: Readonly<Config>): Promise<number> {
  const checks: DoctorCheck[] = [{ name: "configuration", ok: true, detail: "every variable parses" }];
  checks.push(...(await checkRedis(config)));
  checks.push(await checkAnthropic(config));
  const modules = await configuredPlatformModules(config);
  if (modules.length === 0) {
    checks.push({
      name: "platforms",
      ok: true,
      detail: "no Slack or Discord configured (only `rte ask` / `rte chat` will answer)",
      fix: "set SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) and/or DISCORD_TOKEN + DISCORD_APPLICATION_ID",
    });
  }
  for (const module of modules) {
    checks.push(
      ...(await module
        .diagnose(config)
        .catch((error: unknown) => [{ name: module.name, ok: false, detail: errorMessage(error) }])),
    );
  }
  for (const check of checks) {
    process.stdout.write(`${check.ok ? "✔" : "✘"} ${check.name}: ${check.detail}\n`);
    if (check.fix && !check.ok) process.stdout.write(`    fix: ${check.fix}\n`);
  }
  const failed = checks.filter((check) => !check.ok).length;
  process.stdout.write(
    failed === 0 ? "\nAll good.\n" : `\n${failed} problem${failed === 1 ? "" : "s"} found.\n`,
  );
  return failed === 0 ? 0 : 1;
}

async function checkRedis(config: Readonly<Config>): Promise<DoctorCheck[]> {
  if (!config.redisUrl) {
    return [
      {
        name: "redis",
        ok: true,
        detail:
          "REDIS_URL unset: `rte serve/ask/chat` start a private redis-server (needs redis-server on PATH)",
      },
    ];
  }
  const redis = connectRedis(config.redisUrl, "command");
  try {
    await waitForRedis(redis, config.redisUrl, 3_000);
    const checks: DoctorCheck[] = [
      { name: "redis", ok: true, detail: `reachable at ${redactUrl(config.redisUrl)}` },
    ];
    try {
      const [, policy] = (await redis.config("GET", "maxmemory-policy")) as [string, string];
      checks.push({
        name: "redis eviction",
        ok: policy === "noeviction",
        detail: `maxmemory-policy is ${policy}`,
        fix: "set maxmemory-policy noeviction: an evicted key is a lost or duplicated question",
      });
    } catch {
      checks.push({
        name: "redis eviction",
        ok: true,
        detail: "CONFIG GET is not allowed here; make sure eviction is off (noeviction)",
      });
    }
    return checks;
  } catch (error) {
    return [
      { name: "redis", ok: false, detail: errorMessage(error), fix: "start Redis or correct REDIS_URL" },
    ];
  } finally {
    redis.disconnect();
  }
}

async function checkAnthropic(config: Readonly<Config>): Promise<DoctorCheck> {
  if (!config.anthropic.apiKey) {
    return {
      name: "anthropic",
      ok: false,
      detail: "ANTHROPIC_API_KEY is not set",
      fix: "create a key at https://platform.claude.com/settings/keys and set ANTHROPIC_API_KEY",
    };
  }
  const client = new Anthropic({
    apiKey: config.anthropic.apiKey,
    maxRetries: 1,
    timeout: 10_000,
    ...(config.anthropic.baseUrl ? { baseURL: config.anthropic.baseUrl } : {}),
  });
  try {
    const model = await client.models.retrieve(config.anthropic.model);
    return { name: "anthropic", ok: true, detail: `key accepted; model ${model.id} available` };
  } catch (error) {
    const status = error instanceof Anthropic.APIError ? error.status : undefined;
    if (status === 404) {
      return {
        name: "anthropic",
        ok: false,
        detail: `model ${config.anthropic.model} not found`,
        fix: "set RTE_MODEL to a model id your key can use (e.g. claude-sonnet-5-5)",
      };
    }
    if (status === 401 || status === 403) {
      return {
        name: "anthropic",
        ok: false,
        detail: `the key was refused (${status})`,
        fix: "check ANTHROPIC_API_KEY",
      };
    }
    return {
      name: "anthropic",
      ok: false,
      detail: errorMessage(error),
      fix: "check network access to the Anthropic API (ANTHROPIC_BASE_URL)",
    };
  }
}
