/**
 * One bot under one load: fresh fakes, a fresh bot process (or two), threads seeded on the fake Slack,
 * mentions sent, answers awaited, everything stopped afterwards — whatever happens in between.
 */
import {
  anthropicApiKey,
  type Contender,
  probeModule,
  type RunningBot,
  slackBotToken,
  slackSigningSecret,
  startBot,
} from "../bots.js";
import { type Fakes, startFakes } from "../fakes/fakes-client.js";
import type { FakesReport, SeedRoot } from "../fakes/fakes-protocol.js";
import { createEventSender, type Delivery } from "../load/event-sender.js";
import { chatter, fire, type Outgoing } from "../load/fire.js";
import { questionId, questionText } from "../load/questions.js";
import { mentionDeliveries } from "../load/slack-events.js";
import type { ProbeReport } from "../process/probe.js";
import type { Supervisor } from "../process/supervisor.js";

export interface RunContext {
  supervisor: Supervisor;
  redisUrl: string;
  /** Empties Redis between sessions so one run's keys never weigh on the next. */
  flushRedis(): Promise<void>;
  quick: boolean;
  /** Where `--cpu-prof` writes; undefined when not profiling. */
  profileDirectory: string | undefined;
  /** Extra Node options for the bot processes. */
  nodeOptions: string | undefined;
  /** RTE_LOCK_MS for the bot processes, when set (`--lock-ms`). */
  lockMs: number | undefined;
  /** Extra environment for the bot processes (`--env`). */
  environment: Record<string, string>;
  pace: { timeToFirstTokenMs: number; tokensPerSecond: number };
}

export interface SessionOptions {
  /** Names the session in Redis keys, question ids and profiles. */
  tag: string;
  answerCharacters: number;
  environment?: Record<string, string>;
  /** Threads per channel; questions spread over channels like a busy workspace. */
  threadsPerChannel?: number;
  /** `rte worker` processes on the one queue (split layout); default 1. */
  workers?: number;
  /** Keeps each bot process's whole output in this folder (`<process>.log`). */
  logDirectory?: string;
}

export interface MentionResult {
  root: SeedRoot;
  /** The app_mention delivery; `message` is the duplicate delivery Slack also makes. */
  mention: Delivery;
  message: Delivery;
  /** Slack's redeliveries of the app_mention delivery (`X-Slack-Retry-Num`), mixed into the load. */
  retries: Delivery[];
}

/** Every delivery of one mention: the app_mention, its message twin and Slack's retries. */
export function deliveriesOf({ mention, message, retries }: MentionResult): Delivery[] {
  return [mention, message, ...retries];
}

export interface MentionOptions {
  /** Share of the mentions whose app_mention delivery Slack sends again, as after a timeout on its side. */
  retryShare?: number;
  /** How many groups later the redelivery goes out (it joins that group, or one after the last mention's). */
  retryAfterGroups?: number;
}

export interface Session {
  bot: RunningBot;
  fakes: Fakes;
  /** Seeds `count` thread roots numbered from `from` (default 0), optionally with an answer length of their own. */
  seed(count: number, options?: { from?: number; answerCharacters?: number }): Promise<SeedRoot[]>;
  /** Warms connections and code paths with channel chatter the bot ignores. */
  warmUp(count: number): Promise<void>;
  /**
   * Asks `count` short questions at once and waits for their answers, so the answering path is warm (its
   * code compiled, its connections open) before a measurement, as in a bot that has been running: chatter
   * never reaches the worker. They are left out of every count and table after it.
   */
  warmAnswers(count: number): Promise<void>;
  /** Starts the measurement window of every probe (bot processes and fakes). */
  resetProbes(): Promise<void>;
  /** Sends each root's deliveries; `intervalMs` 0 means as fast as the client can. */
  mention(roots: SeedRoot[], intervalMs: number, options?: MentionOptions): Promise<MentionResult[]>;
  /** Resolves when the fake model has received `count` requests (every answer started), or at the deadline. */
  waitForModelRequests(count: number, deadlineMs: number): Promise<number>;
  /** Resolves with how many answers are complete, when all are or the deadline passes. */
  waitForAnswers(count: number, deadlineMs: number): Promise<{ completed: number; waitedMs: number }>;
  collect(): Promise<{ probes: Record<string, ProbeReport>; fakes: FakesReport; fakesProbe: ProbeReport }>;
}

export async function withSession<T>(
  context: RunContext,
  contender: Contender,
  options: SessionOptions,
  body: (session: Session) => Promise<T>,
): Promise<T> {
  await context.flushRedis();
  const fakes = await startFakes(
    context.supervisor,
    {
      anthropicApiKey,
      slackBotToken,
      ...context.pace,
      answerCharacters: options.answerCharacters,
      answerVariation: 0.2,
    },
    probeModule(),
  );
  let bot: RunningBot | undefined;
  try {
    bot = await startBot(contender.bot, {
      supervisor: context.supervisor,
      fakes,
      redisUrl: context.redisUrl,
      queuePrefix: `bench-${options.tag}`,
      layout: contender.layout,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.logDirectory === undefined ? {} : { logDirectory: options.logDirectory }),
      environment: {
        ...context.environment,
        ...options.environment,
        ...(context.lockMs === undefined ? {} : { RTE_LOCK_MS: String(context.lockMs) }),
        ...(context.nodeOptions ? { NODE_OPTIONS: context.nodeOptions } : {}),
      },
      ...(context.profileDirectory
        ? { profileDirectory: `${context.profileDirectory}/${options.tag}-${contender.key}` }
        : {}),
    });
    return await body(createSession(bot, fakes, options));
  } finally {
    await bot?.stop();
    await fakes.child.stop();
  }
}

/** Far from any measured question's number, so warm-up threads share no channel with them. */
const warmQuestionsFrom = 100_000;
/** About 2 s of streaming: long enough to run every step of an answer, short enough to add little time. */
const warmAnswerCharacters = 600;

function createSession(bot: RunningBot, fakes: Fakes, options: SessionOptions): Session {
  const sender = createEventSender(bot.eventsUrl, slackSigningSecret);
  const identity = { teamId: fakes.teamId, botUserId: fakes.botUserId, appId: "A0BENCH" };
  const perChannel = options.threadsPerChannel ?? 50;
  const questions = new Map<string, string>();
  const failed = AbortSignal.any([bot.failed, fakes.child.failed]);
  // Answers and model requests of the warm-up questions, which every later wait counts beyond.
  const warmed = { answers: 0, modelRequests: 0 };
  const session: Session = {
    bot,
    fakes,
    async seed(count, seedOptions = {}) {
      const baseMicros = Date.now() * 1_000 - count;
      const from = seedOptions.from ?? 0;
      const roots = Array.from({ length: count }, (_, offset): SeedRoot => {
        const index = from + offset;
        const id = questionId(options.tag, index);
        const question = questionText(index, id);
        questions.set(id, question);
        const micros = baseMicros + index;
        return {
          channel: `C0BENCH${String(Math.floor(index / perChannel)).padStart(3, "0")}`,
          ts: `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`,
          user: `U0ASKER${String(index % 97).padStart(3, "0")}`,
          text: `<@${fakes.botUserId}> ${question}`,
          questionId: id,
          ...(seedOptions.answerCharacters === undefined
            ? {}
            : { answerCharacters: seedOptions.answerCharacters }),
        };
      });
      await fakes.seed(roots);
      return roots;
    },
    async resetProbes() {
      await Promise.all([bot.resetProbes(), fakes.resetProbe()]);
    },
    async warmUp(count) {
      await fire(sender, chatter(identity, count), 0, failed);
    },
    async warmAnswers(count) {
      const roots = await session.seed(count, {
        from: warmQuestionsFrom,
        answerCharacters: warmAnswerCharacters,
      });
      await session.mention(roots, 0);
      const { completed } = await session.waitForAnswers(count, 60_000);
      if (completed < count)
        throw new Error(`only ${completed} of ${count} warm-up questions were answered in 60 s`);
      const progress = await fakes.progress();
      warmed.answers = progress.completed;
      warmed.modelRequests = progress.modelRequests;
    },
    async mention(roots, intervalMs, mentionOptions = {}) {
      const twins = roots.map((root) =>
        mentionDeliveries(identity, root, questions.get(root.questionId) ?? ""),
      );
      const groups: Outgoing[][] = twins.map((twin) => [...twin]);
      // Every n-th mention's app_mention delivery comes again a little later, in another mention's group.
      // A redelivery due after the last mention goes out at the same pace after it, in a group of its own:
      // until session 15 they were all put in the last group, and that one group of 12 deliveries sent at
      // once set the burst's ack p99.
      const every = mentionOptions.retryShare ? Math.round(1 / mentionOptions.retryShare) : 0;
      const retried = new Map<number, { group: number; slot: number }>();
      for (let index = 0; every > 0 && index < twins.length; index += every) {
        const group = index + (mentionOptions.retryAfterGroups ?? 0);
        while (groups.length <= group) groups.push([]);
        const into = groups[group] as Outgoing[];
        retried.set(index, { group, slot: into.length });
        into.push({ redelivery: (twins[index] as object[])[0] as object, retryNumber: 1 });
      }
      const deliveries = await fire(sender, groups, intervalMs, failed);
      return roots.map((root, index) => {
        const [mention, message] = deliveries[index] as [Delivery, Delivery];
        const retry = retried.get(index);
        const redelivered = retry === undefined ? undefined : deliveries[retry.group]?.[retry.slot];
        return { root, mention, message, retries: redelivered ? [redelivered] : [] };
      });
    },
    async waitForModelRequests(count, deadlineMs) {
      const started = Date.now();
      for (;;) {
        failed.throwIfAborted();
        const progress = await fakes.progress();
        const modelRequests = progress.modelRequests - warmed.modelRequests;
        if (modelRequests >= count || Date.now() - started >= deadlineMs) return modelRequests;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async waitForAnswers(count, deadlineMs) {
      const started = Date.now();
      for (;;) {
        failed.throwIfAborted();
        const progress = await fakes.progress();
        const completed = progress.completed - warmed.answers;
        if (completed >= count || Date.now() - started >= deadlineMs) {
          return { completed, waitedMs: Date.now() - started };
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async collect() {
      const probes = await bot.probes();
      // Calls that close an answer (clearing the status, a last edit) come just after its text.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [report, fakesProbe] = await Promise.all([fakes.report(), fakes.probe()]);
      sender.close();
      return { probes, fakes: report, fakesProbe };
    },
  };
  return session;
}
