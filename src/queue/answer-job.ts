import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { answer } from "../core/answer.js";
import { type Ask, conversationKey, type PlatformName } from "../core/ask.js";
import { errorMessage, isOwnershipLost, isPermanent } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Model } from "../core/model.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { Platform, ReplyLedger } from "../core/platform.js";
import type { Transcript } from "../core/transcript.js";
import type { AnswerRecords } from "../store/answer-records.js";
import { personaVersion } from "../store/answer-records.js";
import { createAttemptsHere } from "./attempts-here.js";
import type { ConversationOrder } from "./conversation-order.js";
import { describeError } from "./describe-error.js";
import { decideRetry } from "./retry-decision.js";
import type { StopRequests } from "./stop-requests.js";

export interface AnswerJobOptions {
  platforms: Partial<Record<PlatformName, Platform>>;
  model: Model;
  transcript: Transcript;
  records: AnswerRecords;
  order: ConversationOrder;
  stops: StopRequests;
  /**
   * Where a reply keeps what it has posted, so a worker resuming the job edits instead of reposting; fenced
   * by the job's lock (store/redis-ledger.ts), so an attempt that lost the job stops writing at once.
   */
  ledger: (jobId: string, token: () => string) => ReplyLedger;
  /**
   * Gives back the stall that handed a job from `previousToken`'s attempt to a new one, when that attempt
   * turned out to be alive in this process (attempts-here.ts): BullMQ's stall limit is for dead workers.
   */
  returnStall?: (jobId: string, previousToken: string) => Promise<void>;
  persona: (ask: Ask) => string;
  contextTokens: number;
  orderPollMs: number;
  logger: Logger;
  /** Aborted at shutdown: in-flight answers are handed back to the queue. */
  shutdown: AbortSignal;
  /** Milliseconds since the epoch; the one source of "now" for timings, delays and records. */
  clock: () => number;
  onOutcome?: (outcome: AnswerOutcome) => void;
}

export type AnswerJob = (
  job: Job<Ask>,
  token: string | undefined,
  jobSignal?: AbortSignal,
) => Promise<{ characters: number }>;

/**
 * What a worker does with one question: wait for its turn in the conversation, open the reply, answer,
 * keep the transcript and the answer record, and decide what a failure means (retry, give up, hand back at
 * shutdown, or stop because the user asked).
 */
export function createAnswerJob(options: AnswerJobOptions): AnswerJob {
  const attempts = createAttemptsHere<{ characters: number }>();
  const attempt = createAttempt(options);
  return async (job, token, jobSignal) => {
    const jobId = job.id ?? job.data.id;
    const run = () =>
      attempts.run(jobId, token ?? "", jobSignal, (current, stop) => attempt(job, current, stop));
    const joined = attempts.join(jobId, token ?? "", jobSignal);
    if (!joined) return run();
    options.logger.info(
      { jobId },
      "this worker is still running the answer it was handed back; carrying on with it",
    );
    await options.returnStall?.(jobId, joined.previousToken);
    return joined.outcome.catch((error: unknown) => {
      // The running attempt found the job handed back before this one joined it, and stopped: this attempt
      // owns the job now (its fence decides) and resumes from the ledger.
      if (!isOwnershipLost(error)) throw error;
      return run();
    });
  };
}

/** One attempt at a job: `token` is the lock token it acts with now, `jobSignal` aborts at a Stop. */
function createAttempt(options: AnswerJobOptions) {
  const { order, stops, records, clock, shutdown } = options;
  return async (
    job: Job<Ask>,
    token: () => string,
    jobSignal: AbortSignal,
  ): Promise<{ characters: number }> => {
    const ask = job.data;
    const jobId = job.id ?? ask.id;
    const logger = options.logger.child({
      jobId: job.id,
      platform: ask.conversation.platform,
      conversation: conversationKey(ask.conversation),
      trigger: ask.trigger,
    });
    // An attempt that finished the answer but lost the job's lock before BullMQ could mark it done leaves
    // the job to run again: the saved answer says it is done, so nothing is asked or written twice.
    if (await records.get(ask.id)) {
      logger.info({}, "already answered by an earlier attempt; nothing to do");
      return { characters: 0 };
    }
    if (!(await order.isTurnOf(ask, jobId))) {
      await job.moveToDelayed(clock() + options.orderPollMs, token());
      throw new DelayedError();
    }
    const platform = options.platforms[ask.conversation.platform];
    if (!platform) {
      await order.release(ask, jobId);
      throw new UnrecoverableError(`No ${ask.conversation.platform} platform is configured on this worker.`);
    }
    const startedAt = clock();
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    let firstTextAt: number | undefined;
    const signal = AbortSignal.any([shutdown, jobSignal]);
    const report = (outcome: AnswerOutcome["outcome"], extra: Partial<AnswerOutcome>) =>
      options.onOutcome?.({
        ask,
        jobId,
        outcome,
        attempt,
        queueWaitMs: startedAt - ask.receivedAt,
        durationMs: clock() - startedAt,
        ...(firstTextAt === undefined ? {} : { firstTextMs: firstTextAt - ask.receivedAt }),
        ...extra,
      });
    const reply = await platform
      // Not the job's signal: after a Stop the reply still has to say "(Stopped.)" and take its button away.
      .openReply(ask, { ledger: options.ledger(jobId, token), signal: shutdown })
      .catch(async (error: unknown) => {
        // A place the bot cannot write to (unknown channel, no access) will not open on a retry either.
        if (!isPermanent(error)) throw error;
        logger.error({ attempt, error: describeError(error) }, "cannot reply here; giving up");
        await order.release(ask, jobId);
        report("failed", { error });
        throw new UnrecoverableError(errorMessage(error));
      });
    const stopped = async (): Promise<{ characters: number }> => {
      logger.info({}, "stopped by the user");
      await reply.finish({ kind: "stopped" });
      await order.release(ask, jobId);
      report("stopped", {});
      return { characters: 0 };
    };
    /**
     * Another attempt owns the answer now (this worker was too starved to renew its lock in time): nothing
     * more is written, nothing is released or told to the user; the new owner resumes from the ledger.
     * Thrown, not returned, so BullMQ does not mark the job done; it cannot change the job either, since
     * finishing a job needs its lock, and BullMQ reports that as "Missing lock" / "Lock mismatch".
     */
    const abandoned = (error: unknown): never => {
      logger.warn({ attempt }, "lost the job's lock; leaving the answer to the attempt that took it over");
      report("abandoned", { error });
      throw error;
    };
    if (await stops.isRequested(jobId)) return stopped();
    try {
      logger.info({ attempt }, "answering");
      const persona = options.persona(ask);
      const result = await answer(ask, {
        platform,
        model: options.model,
        reply,
        persona,
        budget: { maxContextTokens: options.contextTokens },
        logger,
        signal,
        onFirstText: () => {
          firstTextAt = clock();
        },
      });
      await options.transcript.append(ask.conversation, [
        { role: "user", text: ask.text, author: ask.author.name ?? ask.author.id, messageId: ask.messageId },
        { role: "assistant", text: result.text },
      ]);
      await records.save({
        askId: ask.id,
        conversation: ask.conversation,
        question: ask.text,
        answer: result.text,
        model: result.model,
        personaVersion: personaVersion(persona),
        usage: result.usage,
        answeredAt: clock(),
      });
      await order.release(ask, jobId);
      logger.info(
        { stopReason: result.stopReason, usage: result.usage, ms: clock() - startedAt },
        "answered",
      );
      report("answered", { result });
      return { characters: result.text.length };
    } catch (error) {
      if (isOwnershipLost(error)) return abandoned(error);
      if (jobSignal.aborted && !shutdown.aborted) return stopped();
      if (signal.aborted) {
        // Shutting down: hand the job back untouched (no attempt spent); the next worker resumes the reply.
        logger.info({}, "handing the answer back to the queue at shutdown");
        await job.moveToDelayed(clock(), token());
        throw new DelayedError();
      }
      const decision = decideRetry(error, attempt, maxAttempts);
      if (decision.retry) {
        logger.warn({ attempt, error: describeError(error) }, "answer failed; will retry");
        await reply.status(decision.statusText).catch((statusError: unknown) => {
          logger.warn({ error: describeError(statusError) }, "could not show the retry status");
        });
        report("retrying", { error });
        throw error;
      }
      logger.error({ attempt, error: describeError(error) }, "answer failed; giving up");
      await reply.fail(decision.notice).catch((failError: unknown) => {
        logger.error({ error: describeError(failError) }, "could not tell the user the answer failed");
      });
      await order.release(ask, jobId);
      report("failed", { error });
      throw new UnrecoverableError(errorMessage(error));
    }
  };
}
