import type { Redis } from "ioredis";
import { settleWithin } from "../core/finishes-within.js";
import type { HttpServer } from "./http-server.js";
import { sendJson } from "./http-server.js";

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail: string }>;
}

/** Each check gets this long; /readyz must answer within 2 s even when Redis or a platform hangs. */
const checkTimeoutMs = 1_500;

export function redisReadiness(redis: Redis): ReadinessCheck {
  return {
    name: "redis",
    async check() {
      const pong = await redis.ping();
      return { ok: pong === "PONG", detail: pong === "PONG" ? "reachable" : `answered ${pong}` };
    },
  };
}

/** `/healthz`: the process is alive. `/readyz`: every part it depends on answers, with which one does not. */
export function addHealthRoutes(http: HttpServer, checks: () => ReadinessCheck[]): void {
  http.route("GET", "/healthz", (_request, response) => sendJson(response, 200, { status: "ok" }));
  http.route("GET", "/readyz", async (_request, response) => {
    const results = await Promise.all(
      checks().map(async (item) => [item.name, await runCheck(item)] as const),
    );
    const ok = results.every(([, result]) => result.ok);
    sendJson(response, ok ? 200 : 503, {
      status: ok ? "ready" : "not ready",
      checks: Object.fromEntries(results),
    });
  });
}

async function runCheck(item: ReadinessCheck): Promise<{ ok: boolean; detail: string }> {
  const failed = (error: unknown) => ({
    ok: false,
    detail: error instanceof Error ? error.message : String(error),
  });
  return settleWithin(item.check().catch(failed), checkTimeoutMs, () => ({
    ok: false,
    detail: `no answer within ${checkTimeoutMs} ms`,
  }));
}
