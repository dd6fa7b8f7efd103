import { afterAll, describe, expect, inject, it } from "vitest";
import type { Logger } from "../core/logger.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createOutageLog, isRedisUnreachable } from "./outage-log.js";

function recordingLogger() {
  const lines: Array<{ level: string; message: string | undefined }> = [];
  const at =
    (level: string) =>
    (_bindings: object, message?: string): void => {
      lines.push({ level, message });
    };
  const logger: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => logger,
  };
  return { logger, lines };
}

function refused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6399"), { code: "ECONNREFUSED" });
}

describe("createOutageLog", () => {
  const redis = connectRedis(inject("redisUrl"), "worker");
  afterAll(() => redis.disconnect());

  it("says an outage once, reminds each minute it lasts, and leaves other errors to the caller", () => {
    let time = 0;
    const { logger, lines } = recordingLogger();
    const outage = createOutageLog(redis, logger, () => time);

    expect([outage.report(refused()), outage.report(refused())]).toEqual([true, true]);
    time = 59_000;
    outage.report(refused());
    time = 60_000;
    outage.report(refused());
    outage.report(refused());

    expect(lines).toEqual([
      { level: "error", message: expect.stringContaining("Redis is unreachable") },
      { level: "error", message: "Redis is still unreachable" },
    ]);
    expect(outage.report(new Error("Missing key for job 7"))).toBe(false);
    expect(lines).toHaveLength(2);
  });

  it("tells connection failures from everything else", () => {
    expect(isRedisUnreachable(refused())).toBe(true);
    expect(isRedisUnreachable(new Error("Connection is closed."))).toBe(true);
    expect(isRedisUnreachable(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(
      true,
    );
    expect(isRedisUnreachable(new Error("ERR unknown command"))).toBe(false);
    expect(isRedisUnreachable("ECONNREFUSED")).toBe(false);
  });
});
