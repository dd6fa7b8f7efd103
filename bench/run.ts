/**
 * `npm run bench [-- --quick] [--only burst,latency,concurrency,overload] [--bots rte,naive]
 * [--levels 100,500] [--profile] [--lock-ms 1000]`: rte against the naive Bolt bot, on loopback, with a real redis-server and the test bed's
 * fakes paced like Claude. Prints a Markdown table per scenario and writes JSON to bench/results/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BotUnavailable, type Contender, contenders } from "./bots.js";
import { type BenchOptions, parseOptions, planFor, type ScenarioName } from "./options.js";
import { startBenchRedis } from "./process/bench-redis.js";
import { createSupervisor } from "./process/supervisor.js";
import { burstGoals } from "./report/burst-goals.js";
import { concurrencyGoals } from "./report/concurrency-goals.js";
import { type GoalRow, goalsTable, verdict } from "./report/goals.js";
import { describeMachine } from "./report/machine.js";
import { overloadGoals, overloadTable } from "./report/overload-table.js";
import { addedLatencyTable, burstTable, concurrencyTable } from "./report/scenario-tables.js";
import { runAddedLatency } from "./scenarios/added-latency.js";
import { runBurst } from "./scenarios/burst.js";
import { runConcurrency } from "./scenarios/concurrency.js";
import { measureFloor } from "./scenarios/floor.js";
import { runOverload } from "./scenarios/overload.js";
import type { RunContext } from "./scenarios/session.js";

const resultsDirectory = resolve("bench/results");

let interrupted = false;

async function main(options: BenchOptions): Promise<number> {
  const startedAt = Date.now();
  const runId = new Date(startedAt)
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z");
  const plan = planFor(options);
  const machine = describeMachine();
  console.log(`rte benchmark ${options.quick ? "(quick)" : "(full)"} — ${machine.summary}`);
  console.log(
    "rte = `rte ingress` + `rte worker`, two processes as deployed on Fly; rte serve = both roles in one process; naive = a Bolt listener that awaits Claude and posts the answer (the tutorial pattern).",
  );
  if (machine.loadAverageAtStart > 0.5) {
    console.log(
      `Warning: the machine is busy (load average ${machine.loadAverageAtStart} on ${machine.cores} cores); latencies will be noisy.`,
    );
  }

  const supervisor = createSupervisor();
  const redis = await startBenchRedis(supervisor, "rte-bench-redis");
  const stopEverything = async () => {
    await supervisor.stopAll();
    await redis.stop();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping every process the benchmark started…`);
      void stopEverything().finally(() => process.exit(130));
    });
  }

  const context: RunContext = {
    supervisor,
    redisUrl: redis.url,
    flushRedis: () => redis.flush(),
    quick: options.quick,
    profileDirectory: options.profile ? join(resultsDirectory, "profiles", runId) : undefined,
    nodeOptions: options.nodeOptions,
    lockMs: options.lockMs,
    environment: options.environment,
    pace: options.pace,
  };
  mkdirSync(resultsDirectory, { recursive: true });
  const summary: Record<string, unknown> = { runId, machine, options, plan };
  /** Each scenario adds the rows of the goals it measures; printed last as the "Goals" table. */
  const goals: GoalRow[] = [];
  let failures = 0;

  /** Runs one scenario for each contender; one that cannot run it is reported, not fatal. */
  async function eachContender<T>(
    scenario: ScenarioName,
    label: string,
    run: (contender: Contender) => Promise<T>,
  ) {
    const results: Partial<Record<Contender["key"], T>> = {};
    const problems: Partial<Record<Contender["key"], string>> = {};
    const keys = options.bots.filter(
      (key) =>
        (key !== "rte-serve" || plan.serveScenarios.includes(scenario)) &&
        // Overload is about rte's queue and locks, as deployed: the naive bot has neither.
        (scenario !== "overload" || key === "rte"),
    );
    for (const key of keys) {
      const began = Date.now();
      process.stdout.write(`  ${label}: ${key}… `);
      try {
        results[key] = await run(contenders[key]);
        console.log(`done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        problems[key] = message;
        if (!(error instanceof BotUnavailable)) failures += 1;
        console.log(`not measured: ${message}`);
      }
    }
    return { results, problems };
  }

  /** The run as Markdown, ready for the README's Performance section. */
  const report: string[] = [
    `Run ${runId} (${options.quick ? "quick" : "full"}), \`npm run bench${options.quick ? " -- --quick" : ""}\`, on ${machine.summary}; load average ${machine.loadAverageAtStart} when it started.`,
  ];
  const section = (title: string, table: string) => {
    console.log(`\n${table}\n`);
    report.push(`#### ${title}`, table);
  };

  const save = (scenario: string, data: unknown) => {
    if (interrupted) return;
    summary[scenario] = data;
    const file = join(resultsDirectory, `${runId}-${scenario}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ runId, machine, options, scenario, ...(data as object) }, null, 2)}\n`,
    );
    console.log(`  → ${file}\n`);
  };

  try {
    if (options.only.includes("burst")) {
      const { mentionsPerSecond, retryShare } = plan.burst;
      const pace = mentionsPerSecond > 0 ? `${mentionsPerSecond} a second` : "as fast as the client sends";
      const title = `1. Burst: ${plan.burst.mentions} mentions in distinct threads, ${pace}, ${Math.round(retryShare * 100)} % delivered again as Slack's retry; then one short answer alone`;
      console.log(`\n## ${title}\n`);
      const intervalMs = mentionsPerSecond > 0 ? 1000 / mentionsPerSecond : 0;
      const floor = await measureFloor(context, plan.burst.mentions, plan.burst.warmUp, intervalMs);
      const burst = await eachContender("burst", "burst", (contender) =>
        runBurst(context, contender, plan.burst),
      );
      section(title, burstTable(burst.results, floor));
      goals.push(...burstGoals(burst.results));
      save("burst", { plan: plan.burst, floor, ...burst });
    }
    if (options.only.includes("latency")) {
      const title = `2. Added latency: ${plan.latency.questions} questions of ~${plan.latency.answerCharacters} characters, one every ${plan.latency.intervalMs} ms`;
      console.log(`\n## ${title}\n`);
      const latency = await eachContender("latency", "latency", (contender) =>
        runAddedLatency(context, contender, plan.latency),
      );
      section(title, addedLatencyTable(latency.results));
      save("latency", { plan: plan.latency, ...latency });
    }
    if (options.only.includes("concurrency")) {
      const title = `3. Concurrency: N answers of ~${plan.concurrency.answerCharacters.toLocaleString("en-US")} characters streaming at once on one process`;
      console.log(`\n## ${title}\n`);
      const levels = [];
      for (const n of plan.concurrency.levels) {
        const measured = await eachContender("concurrency", `N=${n}`, (contender) =>
          runConcurrency(context, contender, n, plan.concurrency),
        );
        levels.push({ n, ...measured });
      }
      section(title, concurrencyTable(levels));
      save("concurrency", { plan: plan.concurrency, levels });
      goals.push(...concurrencyGoals(levels));
    }
    if (options.only.includes("overload") && options.bots.includes("rte")) {
      const title = `4. Overload: ${plan.overload.answers} answers at once on ${plan.overload.workers} starved workers, each answered exactly once`;
      console.log(`\n## ${title}\n`);
      const overload = await eachContender("overload", "overload", (contender) =>
        runOverload(context, contender, plan.overload),
      );
      section(title, overloadTable(overload.results.rte));
      save("overload", { plan: plan.overload, ...overload });
      goals.push(...overloadGoals(overload.results.rte));
      if ((overload.results.rte?.duplicates ?? 0) > 0 || (overload.results.rte?.lost ?? 0) > 0) failures += 1;
    }
  } finally {
    await stopEverything();
  }
  if (goals.length > 0 && !interrupted) {
    // Printed last, and first in latest.md: the summary the README's Performance section holds.
    const table = goalsTable(goals);
    console.log(`\n## Goals\n\n${table}\n`);
    report.splice(1, 0, "#### Goals", table);
    save("goals", {
      goals: goals.map(({ target, ...row }) => ({
        ...row,
        target: target.text,
        met: verdict({ ...row, target }),
      })),
    });
  }
  summary.elapsedMs = Date.now() - startedAt;
  writeFileSync(join(resultsDirectory, "latest.json"), `${JSON.stringify(summary, null, 2)}\n`);
  report.push(`The run took ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`);
  writeFileSync(join(resultsDirectory, "latest.md"), `${report.join("\n\n")}\n`);
  console.log(
    `Finished in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; bench/results/latest.json and latest.md`,
  );
  return failures === 0 ? 0 : 1;
}

main(parseOptions(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
