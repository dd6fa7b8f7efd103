import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sampleSlackAsk } from "../../test/support/sample-ask.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { createAcceptQuestion } from "../adapters/slack/accept-question.js";
import { conversationKey } from "../core/ask.js";
import { silentLogger } from "../core/logger.js";
import { createAskQueue } from "../queue/ask-queue.js";
import { connectRedis, waitForRedis } from "../redis/connect-redis.js";
import { createJoinedConversations } from "../store/joined-conversations.js";
import { type AdmissionLimits, createAdmission } from "./admission.js";
import { createIntakeGate } from "./intake-gate.js";
import { createSubmit, type SubmitResult } from "./submit.js";

const limits: AdmissionLimits = {
  maxQuestionCharacters: 1_000,
  perUserPerTenMinutes: 20,
  perChannelPerTenMinutes: 200,
  allowedChannels: [],
  deniedUsers: [],
};

const ask = sampleSlackAsk;

/** One ingress process's submit, on a connection of its own, as a second ingress behind a load balancer. */
function ingress(redisUrl: string, prefix: string, overrides: Partial<AdmissionLimits> = {}) {
  const redis = connectRedis(redisUrl, "producer");
  const queue = createAskQueue({ redis, prefix, logger: silentLogger });
  const submitted: SubmitResult[] = [];
  const submit = createSubmit({
    queue,
    admission: createAdmission(prefix, { ...limits, ...overrides }),
    gate: createIntakeGate(redis),
    prefix,
    logger: silentLogger,
    onSubmitted: (_ask, result) => submitted.push(result),
  });
  return { redis, queue, submit, submitted, accept: createAcceptQuestion({ submit }) };
}

describe("submit: claim, admission and the durable enqueue in two round trips", () => {
  const redisUrl = inject("redisUrl");
  const opened: Redis[] = [];
  const open = async (prefix: string, overrides?: Partial<AdmissionLimits>) => {
    const process = ingress(redisUrl, prefix, overrides);
    opened.push(process.redis);
    await waitForRedis(process.redis, redisUrl);
    return process;
  };
  afterAll(() => {
    for (const redis of opened) redis.disconnect();
  });

  it("queues a mention once when its twin and Slack's retry reach other ingress processes", async () => {
    const prefix = testPrefix();
    const [first, second, third] = await Promise.all([open(prefix), open(prefix), open(prefix)]);
    const question = ask();
    const results = [
      await first.accept(question),
      await second.accept({ ...question, receivedAt: question.receivedAt + 5 }),
      await third.accept({ ...question, receivedAt: question.receivedAt + 1_000 }),
      // The twin reaching the first process again is answered from its memory.
      await first.accept(question),
    ];
    expect(results.map((result) => result.status)).toEqual(["queued", "duplicate", "duplicate", "duplicate"]);
    expect(await first.queue.queue.getJobCounts("wait")).toEqual({ wait: 1 });
    const job = await first.queue.queue.getJob(question.id);
    expect(job?.data).toEqual(question);
    // Counted once against the asker's limit, and logged/metered once.
    const counters = await first.redis.keys(`${prefix}:rate:user:*`);
    expect(await first.redis.get(counters[0] ?? "")).toBe("1");
    expect([...first.submitted, ...second.submitted, ...third.submitted]).toEqual([{ status: "queued" }]);
    // Its thread is joined in the same round trip, and it holds its place in the thread's order.
    expect(await createJoinedConversations(first.redis, prefix).hasJoined(question.conversation)).toBe(true);
    expect(
      await first.redis.zrange(`${prefix}:pending:${conversationKey(question.conversation)}`, "0", "-1"),
    ).toEqual([question.id]);
  });

  it("a late redelivery after the claim expired is still a duplicate (seen), and nothing is counted", async () => {
    const prefix = testPrefix();
    const { submit, redis, queue } = await open(prefix);
    const question = ask();
    expect(await submit(question, { claim: { scope: "slack:claim", ttlSeconds: 30 } })).toEqual({
      status: "queued",
    });
    await redis.del(`${prefix}:slack:claim:${question.id}`);
    expect(await submit(question, { claim: { scope: "slack:claim", ttlSeconds: 30 } })).toEqual({
      status: "duplicate",
    });
    // Without a claim (Discord, the terminal) the same: `seen` decides.
    expect(await submit(question)).toEqual({ status: "duplicate" });
    expect(await queue.queue.getJobCounts("wait")).toEqual({ wait: 1 });
    const counters = await redis.keys(`${prefix}:rate:user:*`);
    expect(await redis.get(counters[0] ?? "")).toBe("1");
  });

  it("refuses an empty mention once across both deliveries, without counting it or joining its thread", async () => {
    const prefix = testPrefix();
    const [first, second] = await Promise.all([open(prefix), open(prefix)]);
    const empty = ask({ text: "  " });
    const results = [await first.accept(empty), await second.accept(empty)];
    expect(results[0]).toMatchObject({ status: "refused", cause: "empty-question", silent: false });
    expect(results[1]).toEqual({ status: "duplicate" });
    expect(await first.redis.keys(`${prefix}:rate:*`)).toEqual([]);
    expect(await first.queue.queue.getJobCounts("wait")).toEqual({ wait: 0 });
    expect(await createJoinedConversations(first.redis, prefix).hasJoined(empty.conversation)).toBe(false);
  });

  it("counts each question against the asker's limit and refuses the one over it, with when to retry", async () => {
    const prefix = testPrefix();
    const { accept, queue } = await open(prefix, { perUserPerTenMinutes: 1 });
    const first = ask();
    const second = ask({ id: "slack-T1-C1-1700000001_000100", messageId: "1700000001.000100" });
    expect(await accept(first)).toEqual({ status: "queued" });
    const refused = await accept(second);
    expect(refused).toMatchObject({ status: "refused", cause: "user-rate-limit" });
    expect(refused.status === "refused" && refused.reason).toMatch(/Please try again in \d+ minutes?\./);
    // Its twin stays quiet: the claim holds, so the refusal is said once.
    expect(await accept(second)).toEqual({ status: "duplicate" });
    expect(await queue.queue.getJobCounts("wait")).toEqual({ wait: 1 });
  });

  it("rejects while Redis cannot take the question, and takes Slack's retry once it can", async () => {
    const prefix = testPrefix();
    const broken = connectRedis("redis://127.0.0.1:1", "producer");
    opened.push(broken);
    const unreachable = createAcceptQuestion({
      submit: createSubmit({
        queue: createAskQueue({ redis: broken, prefix, logger: silentLogger }),
        admission: createAdmission(prefix, limits),
        gate: createIntakeGate(broken),
        prefix,
        logger: silentLogger,
      }),
    });
    const question = ask();
    await expect(unreachable(question)).rejects.toThrow();
    const { accept, queue } = await open(prefix);
    expect(await accept(question)).toEqual({ status: "queued" });
    expect(await queue.queue.getJobCounts("wait")).toEqual({ wait: 1 });
  });
});
