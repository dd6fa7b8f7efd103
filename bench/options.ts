/** Command-line options of `npm run bench` and the sizes of each scenario, full and quick. */
import type { Contender } from "./bots.js";
import type { AddedLatencyPlan } from "./scenarios/added-latency.js";
import type { BurstPlan } from "./scenarios/burst.js";
import type { ConcurrencyPlan } from "./scenarios/concurrency.js";
import type { OverloadPlan } from "./scenarios/overload.js";

export type ScenarioName = "burst" | "latency" | "concurrency" | "overload";

export interface BenchOptions {
  quick: boolean;
  only: ScenarioName[];
  /** Which contenders run: rte (ingress + worker), rte-serve (one process; full runs), naive. */
  bots: Array<Contender["key"]>;
  /** Overrides the concurrency levels. */
  levels: number[] | undefined;
  /** Writes `--cpu-prof` profiles of every bot process to bench/results/profiles/. */
  profile: boolean;
  /** Extra Node options for every bot process (e.g. `--max-old-space-size=256`), for experiments. */
  nodeOptions: string | undefined;
  /** RTE_LOCK_MS for rte's processes: a short job lock makes a starved worker lose its jobs (overload runs). */
  lockMs: number | undefined;
  /** Extra environment for the bot processes (`--env RTE_MODEL_THREAD=on`), for experiments. */
  environment: Record<string, string>;
  /** The fake model's pace; defaults near Claude's. */
  pace: { timeToFirstTokenMs: number; tokensPerSecond: number };
  /** Mentions per second in the burst; 0 sends as fast as the client can. */
  burstRate: number | undefined;
  /** `rte worker` processes in the overload scenario (default 2, so stalled jobs change workers). */
  overloadWorkers: number;
}

export interface Plan {
  /** rte serve is measured where a single process changes the picture (burst, latency), in full runs. */
  serveScenarios: ScenarioName[];
  burst: BurstPlan;
  latency: AddedLatencyPlan;
  concurrency: ConcurrencyPlan;
  overload: OverloadPlan;
}

const usage =
  "usage: npm run bench -- [--quick] [--only burst,latency,concurrency,overload] [--bots rte,rte-serve,naive] [--levels 100,500,1000] [--profile] [--node-options=--max-old-space-size=256] [--lock-ms 1000] [--env RTE_MODEL_THREAD=on] [--ttft-ms 600] [--tokens-per-second 80] [--burst-rate 100] [--overload-workers 2]";

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    only: ["burst", "latency", "concurrency", "overload"],
    bots: ["rte", "rte-serve", "naive"],
    levels: undefined,
    profile: false,
    nodeOptions: undefined,
    lockMs: undefined,
    environment: {},
    pace: { timeToFirstTokenMs: 600, tokensPerSecond: 80 },
    burstRate: undefined,
    overloadWorkers: 2,
  };
  const list = (value: string | undefined) => (value ?? "").split(",").filter((item) => item !== "");
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    const equals = argument.indexOf("=");
    const flag = equals === -1 ? argument : argument.slice(0, equals);
    const inline = equals === -1 ? undefined : argument.slice(equals + 1);
    const value = () => inline ?? argv[++index];
    switch (flag) {
      case "--quick":
        options.quick = true;
        break;
      case "--only":
        options.only = list(value()) as ScenarioName[];
        break;
      case "--bots":
        options.bots = list(value()) as Array<Contender["key"]>;
        break;
      case "--levels":
        options.levels = list(value()).map(Number);
        break;
      case "--profile":
        options.profile = true;
        break;
      case "--node-options":
        options.nodeOptions = value();
        break;
      case "--lock-ms":
        options.lockMs = Number(value());
        break;
      case "--env": {
        const setting = value() ?? "";
        const [name, ...rest] = setting.split("=");
        if (!name || rest.length === 0) throw new Error(`--env takes NAME=VALUE, not "${setting}"\n${usage}`);
        options.environment[name] = rest.join("=");
        break;
      }
      case "--ttft-ms":
        options.pace.timeToFirstTokenMs = Number(value());
        break;
      case "--tokens-per-second":
        options.pace.tokensPerSecond = Number(value());
        break;
      case "--burst-rate":
        options.burstRate = Number(value());
        break;
      case "--overload-workers": {
        const workers = Number(value());
        if (!Number.isInteger(workers) || workers < 1)
          throw new Error(`--overload-workers takes a whole number of at least 1\n${usage}`);
        options.overloadWorkers = workers;
        break;
      }
      default:
        throw new Error(`unknown option ${flag}\n${usage}`);
    }
  }
  return options;
}

/**
 * The burst's pace: 300 mentions in 3 s, with their twin deliveries and retries about 210 deliveries a
 * second. Slack's Events API allows a workspace 30,000 events an hour (about 8 a second) before it sends
 * `app_rate_limited`, so this is far beyond any real workspace, yet slow enough that the load client and a
 * server that only acknowledges stay near a few milliseconds (the floor the table prints); sent as fast as
 * the client can (`--burst-rate 0`), the ack times measure the queue in front of a saturated process.
 */
const burstRate = 100;

/** A one-sentence answer (well under a second of streaming), asked alone after the burst. */
const shortAnswerCharacters = 120;

/**
 * Full: the sizes, within 10 minutes on 2 cores. Quick: the same code paths at a size that finishes
 * within a minute, for a smoke run. Answers of ~1,800 characters take the fake model ~6 s (the burst's ~600,
 * the 2 s streams, with 10 % of the mentions delivered again by Slack as a retry); the concurrency
 * scenario's ~6,000 characters stream for ~19 s. The latency scenario stays under what rte lets one
 * workspace spend on message edits (40 a minute, Slack's chat.update tier), so it measures rte's own
 * overhead, not that rate limit: two-sentence answers (about a second of streaming), one every 3 s. The
 * overload scenario starves two workers on one queue on purpose (busy loops beside them on a 2-core
 * machine, a 1 s job lock, a stalled check every second) with a few hundred answers in flight; their locks
 * lapse by design, and a job stalled on one worker may be taken over by the other.
 */
export function planFor(options: BenchOptions): Plan {
  if (options.quick) {
    return {
      serveScenarios: [],
      burst: {
        mentions: 30,
        warmUp: 20,
        warmAnswers: 5,
        answerCharacters: 300,
        deadlineMs: 20_000,
        mentionsPerSecond: options.burstRate ?? burstRate,
        retryShare: 0.1,
        shortAnswerCharacters,
      },
      latency: { questions: 4, intervalMs: 300, answerCharacters: 300, deadlineMs: 15_000 },
      concurrency: { levels: options.levels ?? [30], answerCharacters: 800, warmAnswers: 5, graceMs: 15_000 },
      overload: {
        answers: 40,
        answerCharacters: 800,
        hogs: 2,
        workers: options.overloadWorkers,
        lockMs: 1_000,
        stalledCheckMs: 1_000,
        graceMs: 60_000,
      },
    };
  }
  return {
    serveScenarios: ["burst"],
    burst: {
      mentions: 300,
      warmUp: 200,
      warmAnswers: 40,
      answerCharacters: 600,
      deadlineMs: 180_000,
      mentionsPerSecond: options.burstRate ?? burstRate,
      retryShare: 0.1,
      shortAnswerCharacters,
    },
    latency: { questions: 20, intervalMs: 3_000, answerCharacters: 300, deadlineMs: 60_000 },
    concurrency: {
      levels: options.levels ?? [100, 500, 1_000],
      answerCharacters: 6_000,
      warmAnswers: 40,
      graceMs: 60_000,
    },
    overload: {
      answers: 300,
      answerCharacters: 1_800,
      hogs: 3,
      workers: options.overloadWorkers,
      lockMs: 1_000,
      stalledCheckMs: 1_000,
      graceMs: 120_000,
    },
  };
}
