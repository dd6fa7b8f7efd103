import { type Job, Queue, Worker } from "bullmq";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createMemoryLedger, createRecordingMessenger } from "../../test/fakes/recording-messenger.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { isOwnershipLost, OwnershipLostError } from "../core/errors.js";
import { defaultCodeLines, renderAnswer } from "../core/markdown/render-answer.js";
import { createMessageReply } from "../core/message-reply.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createRedisLedger, jobOwner, type LedgerOwner } from "./redis-ledger.js";

describe("createRedisLedger fenced by a BullMQ job's lock", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());

  /**
   * Runs `body` inside a real BullMQ worker's processor, with the job's lock key, this attempt's token, and
   * this attempt as a ledger owner keeping the lock at least `holdMs`.
   */
  async function insideJob(
    body: (job: Job, lockKey: string, token: string, owner: (holdMs: number) => LedgerOwner) => Promise<void>,
  ) {
    const prefix = testPrefix();
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const queue = new Queue("answers", { connection, prefix });
    let failure: unknown;
    let finished: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const worker: Worker = new Worker(
      "answers",
      async (job, token) => {
        try {
          const jobId = job.id ?? "";
          await body(job, `${worker.toKey(jobId)}:lock`, token ?? "", (holdMs) =>
            jobOwner(worker, jobId, token ?? "", holdMs),
          );
        } catch (error) {
          failure = error;
        } finally {
          finished();
        }
      },
      { connection, prefix, lockDuration: 5_000 },
    );
    await queue.add("ask", {}, { jobId: "job-1" });
    await done;
    await worker.close(true);
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    if (failure) throw failure;
    return prefix;
  }

  it("writes and confirms while the job's lock holds this attempt's token", async () => {
    await insideJob(async (job, lockKey, token, owner) => {
      expect(await redis.get(lockKey)).toBe(token);
      const ledger = createRedisLedger(redis, "p", job.id ?? "", owner(60_000));
      await ledger.confirmOwner?.();
      expect(await redis.pttl(lockKey)).toBeGreaterThan(5_000);
      await ledger.write({ messageIds: ["m1"], deliveredCharacters: 3 });
      expect(await ledger.read()).toEqual({ messageIds: ["m1"], deliveredCharacters: 3 });
    });
  });

  it("stops an attempt whose job was taken over: no further post, edit or ledger write", async () => {
    await insideJob(async (job, lockKey, _token, owner) => {
      const ledger = createRedisLedger(redis, "p2", job.id ?? "", owner(5_000));
      const recording = createRecordingMessenger();
      const reply = await createMessageReply({
        messenger: recording.messenger,
        ledger,
        render: (markdown) =>
          renderAnswer(markdown, { ...defaultCodeLines, limit: 20, transform: (prose) => prose }),
        minIntervalMs: 0,
      });
      await reply.status("working");
      // Another worker took the job over: BullMQ set the lock to its token.
      await redis.set(lockKey, "another-worker:7", "PX", 5_000);
      await reply.append("a long answer that needs a second message");

      const error = await reply.finish({ kind: "complete" }).catch((caught: unknown) => caught);

      expect(isOwnershipLost(error)).toBe(true);
      expect(
        recording.calls.filter((call) => call.operation === "post" || call.operation === "edit"),
      ).toEqual([{ operation: "post", id: "m1", text: "_working_" }]);
      expect(await ledger.read()).toEqual({ messageIds: ["m1"], deliveredCharacters: 0 });
      await expect(ledger.write({ messageIds: [], deliveredCharacters: 0 })).rejects.toBeInstanceOf(
        OwnershipLostError,
      );
    });
  });

  it("takes a lapsed lock back while the job is still active and nobody wrote since", async () => {
    await insideJob(async (job, lockKey, token, owner) => {
      const jobOwnerKeys = owner(5_000);
      const ledger = createRedisLedger(redis, "p3", job.id ?? "", jobOwnerKeys);
      expect(await ledger.read()).toBeUndefined();
      // A starved worker renewed too late: the lock is gone, BullMQ's stalled check has marked the job.
      await redis.del(lockKey);
      await redis.sadd(jobOwnerKeys.stalledKey, job.id ?? "");

      await ledger.confirmOwner?.();
      expect(await redis.get(lockKey)).toBe(token);
      expect(await redis.sismember(jobOwnerKeys.stalledKey, job.id ?? "")).toBe(0);
      await redis.del(lockKey);
      await ledger.write({ messageIds: ["m1"], deliveredCharacters: 1 });
      expect(await redis.get(lockKey)).toBe(token);
      expect(await ledger.read()).toEqual({ messageIds: ["m1"], deliveredCharacters: 1 });
    });
  });

  it("does not take a lapsed lock back when another attempt wrote the ledger since", async () => {
    await insideJob(async (job, lockKey, _token, owner) => {
      const ledger = createRedisLedger(redis, "p4", job.id ?? "", owner(5_000));
      await ledger.read();
      await redis.del(lockKey);
      const other = createRedisLedger(redis, "p4", job.id ?? "");
      await other.write({ messageIds: ["m7"], deliveredCharacters: 5 });

      await expect(ledger.confirmOwner?.()).rejects.toBeInstanceOf(OwnershipLostError);
      await expect(ledger.write({ messageIds: ["m1"], deliveredCharacters: 1 })).rejects.toBeInstanceOf(
        OwnershipLostError,
      );
      expect(await redis.get(lockKey)).toBeNull();
      expect(await other.read()).toEqual({ messageIds: ["m7"], deliveredCharacters: 5 });
    });
  });

  it("records progress when BullMQ already handed the job back, then reports the job lost", async () => {
    await insideJob(async (job, lockKey, _token, owner) => {
      const jobOwnerKeys = owner(5_000);
      const ledger = createRedisLedger(redis, "p5", job.id ?? "", jobOwnerKeys);
      await ledger.read();
      // The stalled check moved the job out of the active list; no attempt has taken it yet.
      await redis.del(lockKey);
      await redis.lrem(jobOwnerKeys.activeKey, 1, job.id ?? "");

      await expect(ledger.write({ messageIds: ["m1"], deliveredCharacters: 1 })).rejects.toBeInstanceOf(
        OwnershipLostError,
      );
      expect(await ledger.read()).toEqual({ messageIds: ["m1"], deliveredCharacters: 1 });
      await expect(ledger.confirmOwner?.()).rejects.toBeInstanceOf(OwnershipLostError);
      expect(await redis.get(lockKey)).toBeNull();
    });
  });

  it("gives back the stall that took its job, once per attempt, so only stalls nobody returns from count", async () => {
    await insideJob(async (job, lockKey, _token, owner) => {
      const keys = owner(5_000);
      const stalls = async () => Number(await redis.hget(keys.jobKey, "stc"));
      const attempt = (token: string) => createRedisLedger(redis, "p6", job.id ?? "", { ...keys, token });
      expect(await redis.hget(keys.jobKey, "name")).toBe("ask"); // BullMQ's own hash of the job
      // BullMQ's stalled check counted two stalls and another attempt holds the job now.
      await redis.hset(keys.jobKey, "stc", 2);
      await redis.set(lockKey, "another-worker:7", "PX", 5_000);

      const first = attempt("starved-worker:1");
      await expect(first.confirmOwner?.()).rejects.toBeInstanceOf(OwnershipLostError);
      await expect(first.write({ messageIds: ["m1"], deliveredCharacters: 1 })).rejects.toBeInstanceOf(
        OwnershipLostError,
      );
      expect(await stalls()).toBe(1);
      await expect(attempt("starved-worker:2").confirmOwner?.()).rejects.toBeInstanceOf(OwnershipLostError);
      expect(await stalls()).toBe(0);
      // Never below zero: BullMQ's count is the floor.
      await expect(attempt("starved-worker:3").confirmOwner?.()).rejects.toBeInstanceOf(OwnershipLostError);
      expect(await stalls()).toBe(0);
    });
  });

  it("gives the stall back when BullMQ handed the job back and nobody took it yet", async () => {
    await insideJob(async (job, lockKey, _token, owner) => {
      const keys = owner(5_000);
      const ledger = createRedisLedger(redis, "p7", job.id ?? "", keys);
      await ledger.read();
      await redis.del(lockKey);
      await redis.lrem(keys.activeKey, 1, job.id ?? "");
      await redis.hset(keys.jobKey, "stc", 1);

      await expect(ledger.write({ messageIds: ["m1"], deliveredCharacters: 1 })).rejects.toBeInstanceOf(
        OwnershipLostError,
      );
      expect(await redis.hget(keys.jobKey, "stc")).toBe("0");
    });
  });

  it("acts with the token of a later attempt of the job on this same worker, which joins it", async () => {
    await insideJob(async (job, lockKey, _token, owner) => {
      const keys = owner(5_000);
      const ledger = createRedisLedger(redis, "p8", job.id ?? "", keys);
      await ledger.read();
      // This worker's stalled check handed the job back and this worker took it again: a sibling's token.
      const sibling = `${keys.siblingPrefix}99`;
      await redis.set(lockKey, sibling, "PX", 5_000);

      await ledger.confirmOwner?.();
      await ledger.write({ messageIds: ["m1"], deliveredCharacters: 1 });
      expect(await ledger.read()).toEqual({ messageIds: ["m1"], deliveredCharacters: 1 });
      expect(await redis.get(lockKey)).toBe(sibling);
    });
  });

  it("is not fenced without an owner (the terminal and other single-writer uses)", async () => {
    const ledger = createRedisLedger(redis, testPrefix(), "job-2");
    await ledger.write({ messageIds: ["m1"], deliveredCharacters: 1 });
    expect(ledger.confirmOwner).toBeUndefined();
    expect(createMemoryLedger().confirmOwner).toBeUndefined();
  });
});
