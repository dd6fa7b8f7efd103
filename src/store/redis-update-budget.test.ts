import { afterAll, describe, expect, inject, it } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createRedisUpdateBudget } from "./redis-update-budget.js";

describe("createRedisUpdateBudget", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());

  it("shares one allowance between every answer in a scope, and keeps scopes apart", async () => {
    const prefix = testPrefix();
    const rate = { updates: 3, windowMs: 60_000 };
    const first = createRedisUpdateBudget(redis, prefix, "slack-T1", rate);
    const second = createRedisUpdateBudget(redis, prefix, "slack-T1", rate);
    const other = createRedisUpdateBudget(redis, prefix, "slack-T2", rate);

    const grants = [await first.take(), await second.take(), await first.take(), await second.take()];

    expect(grants).toEqual([true, true, true, false]);
    expect(await other.take()).toBe(true);
  });

  it("stops asking Redis once a window is spent, and asks again in the next window", async () => {
    const prefix = testPrefix();
    let time = 0;
    const rate = { updates: 1, windowMs: 1_000 };
    const budget = createRedisUpdateBudget(redis, prefix, "slack-T1", rate, () => time);
    const other = createRedisUpdateBudget(redis, prefix, "slack-T1", rate, () => time);

    expect([await budget.take(), await budget.take()]).toEqual([true, false]);
    const counted = await redis.get(`${prefix}:budget:slack-T1:0`);
    expect(await budget.take()).toBe(false);
    expect(await redis.get(`${prefix}:budget:slack-T1:0`)).toBe(counted);
    expect(await other.take()).toBe(false);

    time = 1_000;
    expect(await budget.take()).toBe(true);
  });

  it("lets a window's counter expire one window after its own ends", async () => {
    const prefix = testPrefix();
    const rate = { updates: 5, windowMs: 60_000 };
    const budget = createRedisUpdateBudget(redis, prefix, "slack-T1", rate, () => 0);

    await budget.take();
    await budget.take();

    const ttl = await redis.pttl(`${prefix}:budget:slack-T1:0`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
