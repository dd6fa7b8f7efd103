import { Gauge, type Registry } from "prom-client";
import { errorMessage } from "../core/errors.js";
import { settleWithin } from "../core/finishes-within.js";
import type { Logger } from "../core/logger.js";

/** What the gauge needs of a BullMQ Queue. */
export interface JobCounter {
  getJobCounts(): Promise<Record<string, number>>;
}

/** A scrape must not hang on a Redis that does not answer; Prometheus would time the whole scrape out. */
const countTimeoutMs = 1_000;

/**
 * `rte_queue_jobs{state}`: filled from the queue at each scrape (prom-client calls `collect` then), so
 * queue depth and active jobs are what Redis holds now, not what this process last saw. BullMQ's own
 * `exportPrometheusMetrics` reads the same counts but returns text outside this registry. When Redis does
 * not answer, the series are left out rather than repeating stale numbers; /readyz says why.
 */
export function createJobCountsGauge(registry: Registry, logger: Logger): { watch(queue: JobCounter): void } {
  let watched: JobCounter | undefined;
  new Gauge({
    name: "rte_queue_jobs",
    help: "Jobs in the answers queue by state, read from Redis at scrape time (the same in every process)",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!watched) return;
      try {
        const counts = await settleWithin(watched.getJobCounts(), countTimeoutMs, () =>
          Promise.reject(new Error(`no answer within ${countTimeoutMs} ms`)),
        );
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      } catch (error) {
        logger.debug({ error: errorMessage(error) }, "could not read queue counts for /metrics");
      }
    },
  });
  return {
    watch(queue) {
      watched = queue;
    },
  };
}
