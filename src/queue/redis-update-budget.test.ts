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
});
