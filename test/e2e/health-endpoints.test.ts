import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.js";
import { createHttpServer, type HttpServer } from "../../src/http/http-server.js";
import { addHealthRoutes, redisReadiness } from "../../src/http/readiness.js";
import { connectRedis } from "../../src/redis/connect-redis.js";
import { freePort, type PrivateRedis, startPrivateRedis } from "../../src/redis/private-redis.js";
import { execForm, readDockerfile } from "../support/dockerfile.js";
import { sampleValue, scrape } from "../support/prometheus-text.js";
import { type RunningCli, startCli } from "../support/start-cli.js";
import { testPrefix } from "../support/test-prefix.js";
import { waitUntil } from "../support/wait-until.js";

interface Health {
  status: string;
  checks: Record<string, { ok: boolean; detail: string }>;
}

async function getJson(url: string): Promise<{ status: number; body: Health }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Health };
}

/** The image's HEALTHCHECK command, run here as Docker would run it inside the container. */
function runDockerHealthcheck(port: number): number | null {
  const healthcheck = readDockerfile("Dockerfile").find(
    (instruction) => instruction.keyword === "HEALTHCHECK",
  );
  const [command, ...args] = execForm(healthcheck?.text ?? "");
  expect(command).toBe("node");
  return spawnSync(process.execPath, args, { env: { PORT: String(port) }, timeout: 10_000 }).status;
}

describe("a running `rte worker`", () => {
  let rte: RunningCli | undefined;
  let redis: PrivateRedis | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await rte?.kill();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rte = undefined;
    redis = undefined;
    dataDir = undefined;
  });

  it("is alive, ready while its Redis is, serves Prometheus metrics, and says when Redis is down", async () => {
    // A Redis of its own, so this test can stop it without disturbing the others.
    dataDir = mkdtempSync(join(tmpdir(), "rte-health-"));
    redis = await startPrivateRedis({ dataDir });
    rte = await startCli(["worker"], {
      REDIS_URL: redis.url,
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
      RTE_QUEUE_PREFIX: testPrefix(),
    });
    const base = `http://127.0.0.1:${rte.port}`;

    expect(await getJson(`${base}/healthz`)).toEqual({ status: 200, body: { status: "ok" } });
    const ready = await getJson(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: "ready",
      checks: { redis: { ok: true }, worker: { ok: true } },
    });

    const metrics = await scrape(`${base}/metrics`);
    expect(metrics.types.get("rte_questions_total")).toBe("counter");
    expect(metrics.types.get("rte_ack_latency_seconds")).toBe("histogram");
    expect(sampleValue(metrics, "rte_queue_jobs", { state: "waiting" })).toBe(0);
    expect(sampleValue(metrics, "rte_queue_jobs", { state: "active" })).toBe(0);
    expect(runDockerHealthcheck(rte.port)).toBe(0);

    await redis.stop();
    const down = await getJson(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("not ready");
    expect(down.body.checks.redis?.ok).toBe(false);
    expect(down.body.checks.redis?.detail).not.toBe("");
    // Alive is not ready: the process itself is fine, so nothing should restart it.
    expect((await getJson(`${base}/healthz`)).status).toBe(200);
    // Without Redis the queue counts are left out rather than repeated stale.
    expect(
      sampleValue(await scrape(`${base}/metrics`), "rte_queue_jobs", { state: "waiting" }),
    ).toBeUndefined();
  });

  it("logs one error when Redis goes, none per reconnect attempt, and one line when it is back", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "rte-outage-"));
    const port = await freePort();
    redis = await startPrivateRedis({ dataDir, port });
    const running = await startCli(["worker"], {
      REDIS_URL: redis.url,
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
      RTE_QUEUE_PREFIX: testPrefix(),
    });
    rte = running;
    const logLines = () =>
      running
        .stderr()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { level: number; msg: string });

    await redis.stop();
    // Long enough for every connection to fail to reconnect several times (they retry within 2 s).
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    redis = await startPrivateRedis({ dataDir, port });
    await waitUntil(
      () => logLines().some((line) => line.msg.startsWith("Redis is reachable again")),
      "the worker to say Redis is back",
    );

    expect(
      logLines()
        .filter((line) => line.level >= 50)
        .map((line) => line.msg),
    ).toEqual([
      "Redis is unreachable: answers wait and go on when it is back (is it running? check REDIS_URL)",
    ]);
  });

  it("fails the image's health check when nothing listens", async () => {
    expect(runDockerHealthcheck(await freePort())).toBe(1);
  });
});

describe("/readyz when Redis hangs", () => {
  let http: HttpServer | undefined;
  let silent: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    await http?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it("still answers, naming the check that gave no answer", async () => {
    // Accepts connections and never says a word, like a Redis behind a black-holed network.
    silent = createServer((socket) => sockets.add(socket));
    const port = await new Promise<number>((resolve) =>
      silent?.listen(0, "127.0.0.1", () => {
        const address = silent?.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      }),
    );
    // A "command" connection queues commands until Redis answers, so its PING hangs rather than failing.
    const redis = connectRedis(`redis://127.0.0.1:${port}`, "command");
    http = createHttpServer(silentLogger);
    addHealthRoutes(http, () => [redisReadiness(redis)]);
    const httpPort = await http.listen(0, "127.0.0.1");

    const result = await getJson(`http://127.0.0.1:${httpPort}/readyz`);
    redis.disconnect();

    expect(result.status).toBe(503);
    expect(result.body.checks.redis).toEqual({ ok: false, detail: "no answer within 1500 ms" });
  });
});
