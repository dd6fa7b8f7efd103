import { type Exposition, parsePrometheusText } from "../../test/support/prometheus-text.js";

/**
 * rte's own view, for a cross-check of the probe: its `/metrics` (prom-client's default metrics) reports
 * the event-loop delay p99 since the previous scrape and the resident memory. Scrape once to start a
 * window, once to read it. Undefined for a process without `/metrics` (the naive bot).
 */
export interface ProcessMetrics {
  eventLoopLagP99Ms: number;
  residentMemoryBytes: number;
}

export async function scrapeProcessMetrics(url: string): Promise<ProcessMetrics | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return undefined;
    const text = await response.text();
    const value = (name: string) => {
      const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text);
      return match ? Number(match[1]) : Number.NaN;
    };
    return {
      eventLoopLagP99Ms: value("nodejs_eventloop_lag_p99_seconds") * 1000,
      residentMemoryBytes: value("process_resident_memory_bytes"),
    };
  } catch {
    return undefined;
  }
}

/** Every sample of a `/metrics` page, for counters a scenario reads by label; undefined when unreachable. */
export async function scrapeSamples(url: string): Promise<Exposition | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? parsePrometheusText(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}

/** The sum of a metric's samples whose labels include these (0 when there are none). */
export function sumOf(exposition: Exposition | undefined, name: string, labels: Record<string, string> = {}) {
  return (exposition?.samples ?? [])
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((total, sample) => total + sample.value, 0);
}
