import { afterEach, describe, expect, inject, it } from "vitest";
import { connectRedis, waitForRedis } from "../redis/connect-redis.js";
import { freePort } from "../redis/private-redis.js";
import { untilReconnected } from "./until-reconnected.js";

describe("untilReconnected", () => {
  const opened: Array<ReturnType<typeof connectRedis>> = [];
  const open = (url: string) => {
    const redis = connectRedis(url, "worker");
    opened.push(redis);
    return redis;
  };
  afterEach(() => {
    for (const redis of opened.splice(0)) redis.disconnect();
  });

  it("waits out the retry delay of a connection Redis dropped, until it is ready again", async () => {
    const url = inject("redisUrl");
    const redis = open(url);
    const admin = open(url);
    await Promise.all([waitForRedis(redis, url), waitForRedis(admin, url)]);
    const dropped = new Promise((resolve) => redis.once("reconnecting", resolve));
    await admin.client("KILL", "ID", String(await redis.client("ID")));
    await dropped;

    await untilReconnected(redis, 5_000);

    expect(redis.status).toBe("ready");
  });

  it("gives up after the timeout while Redis stays away", async () => {
    const redis = open(`redis://127.0.0.1:${await freePort()}`);
    const started = Date.now();

    await untilReconnected(redis, 200);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(redis.status).not.toBe("ready");
  });

  it("returns at once for a connection that is ready", async () => {
    const url = inject("redisUrl");
    const redis = open(url);
    await waitForRedis(redis, url);
    const started = Date.now();

    await untilReconnected(redis, 5_000);

    expect(Date.now() - started).toBeLessThan(50);
  });
});
