/**
 * Preloaded into a measured process (`node --import <this file> dist/cli.js worker`), so production code
 * carries no benchmark hook: it samples the event-loop delay with `perf_hooks.monitorEventLoopDelay` and the
 * memory, and answers the benchmark over the IPC channel the process was spawned with: `probe-reset` starts
 * a measurement window, `probe-report` answers with a `ProbeReport`.
 * The channel is unref'd, so the probe never keeps a process alive that would otherwise exit.
 */
import { type IncomingMessage, Server, type ServerResponse } from "node:http";
import {
  constants,
  createHistogram,
  type IntervalHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  type RecordableHistogram,
} from "node:perf_hooks";
import { deliveryIdHeader } from "../load/delivery-id.js";
import { answerRequests } from "./ipc.js";

/** Node's default and prom-client's: each sample is the time between two ticks of a 10 ms timer. */
const resolutionMs = 10;
const memorySampleMs = 200;

export interface ProbeReport {
  pid: number;
  /** Length of the window since the last reset. */
  windowMs: number;
  /** Event-loop delay percentiles in ms, including the 10 ms sampling interval (idle ≈ 10). */
  eventLoopDelayMs: { p50: number; p99: number; max: number; samples: number };
  /** CPU time used in the window, as a share of one core (1 = 100 %). */
  cpuCores: number;
  /** Peak RSS since the process started (the kernel's high-water mark), bytes. */
  maxRssBytes: number;
  /** Highest RSS and heap seen by sampling in the window, bytes. */
  peakRssBytes: number;
  peakHeapUsedBytes: number;
  rssBytes: number;
  /** Garbage collection in the window: pauses, their total and the longest, in ms; `young` is scavenges only. */
  gc: GcPauses & { young: GcPauses };
  /**
   * POST requests this process served in the window, from Node's `request` event to the response's last
   * byte handed to the socket, in ms: the handler's own time (for rte's ingress: verify, claim, enqueue),
   * without the time a request waited to be read or the client waited to see the answer.
   */
  postRequestMs: { count: number; p50: number; p99: number; max: number };
}

/**
 * `probe-named-requests`: the same span for each POST the bench's client named (`x-bench-delivery`) in the
 * window, on the epoch clock the client reads too: id → [request event, response written], in ms. Asked for
 * apart from the report, which stays small in the results.
 */
export type NamedRequests = Record<string, [number, number]>;

interface GcPauses {
  pauses: number;
  totalMs: number;
  longestMs: number;
}

const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
histogram.enable();
let windowStart = performance.now();
let cpuStart = process.cpuUsage();
let peakRss = 0;
let peakHeap = 0;
const gc = emptyGcPauses();
const youngGc = emptyGcPauses();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    addPause(gc, entry.duration);
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) addPause(youngGc, entry.duration);
  }
}).observe({ entryTypes: ["gc"] });

function emptyGcPauses(): GcPauses {
  return { pauses: 0, totalMs: 0, longestMs: 0 };
}

function addPause(pauses: GcPauses, durationMs: number): void {
  pauses.pauses += 1;
  pauses.totalMs += durationMs;
  pauses.longestMs = Math.max(pauses.longestMs, durationMs);
}

function roundedPauses(pauses: GcPauses): GcPauses {
  return {
    pauses: pauses.pauses,
    totalMs: Math.round(pauses.totalMs),
    longestMs: Math.round(pauses.longestMs * 10) / 10,
  };
}

// Every HTTP server in the process, whoever made it: wrapping `emit` sees each request before its handler.
const postRequests = createHistogram();
let namedRequests: NamedRequests = {};
const epochMs = () => performance.timeOrigin + performance.now();
const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
  if (event === "request") {
    const [request, response] = args as [IncomingMessage, ServerResponse];
    if (request.method === "POST") {
      const startedAt = process.hrtime.bigint();
      const id = request.headers[deliveryIdHeader];
      const startedAtEpoch = epochMs();
      response.once("finish", () => {
        // A histogram takes values from 1 ns up.
        postRequests.record(process.hrtime.bigint() - startedAt || 1n);
        if (typeof id === "string") namedRequests[id] = [startedAtEpoch, epochMs()];
      });
    }
  }
  return emit.call(this, event, ...args);
} as typeof Server.prototype.emit;

function sampleMemory(): void {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed);
}
setInterval(sampleMemory, memorySampleMs).unref();

function report(): ProbeReport {
  sampleMemory();
  const windowMs = performance.now() - windowStart;
  const cpu = process.cpuUsage(cpuStart);
  return {
    pid: process.pid,
    windowMs: Math.round(windowMs),
    eventLoopDelayMs: { ...percentilesMs(histogram), samples: histogram.count },
    cpuCores: windowMs > 0 ? (cpu.user + cpu.system) / 1000 / windowMs : 0,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    peakRssBytes: peakRss,
    peakHeapUsedBytes: peakHeap,
    rssBytes: process.memoryUsage().rss,
    gc: { ...roundedPauses(gc), young: roundedPauses(youngGc) },
    postRequestMs: { ...percentilesMs(postRequests), count: postRequests.count },
  };
}

/** A histogram of nanoseconds as milliseconds (an empty one reads 0). */
function percentilesMs(nanoseconds: IntervalHistogram | RecordableHistogram) {
  const milliseconds = (value: number) => Math.round(value / 1e4) / 100;
  return {
    p50: milliseconds(nanoseconds.percentile(50)),
    p99: milliseconds(nanoseconds.percentile(99)),
    max: milliseconds(nanoseconds.max),
  };
}

answerRequests({
  "probe-reset": () => {
    histogram.reset();
    windowStart = performance.now();
    cpuStart = process.cpuUsage();
    peakRss = 0;
    peakHeap = 0;
    Object.assign(gc, emptyGcPauses());
    Object.assign(youngGc, emptyGcPauses());
    postRequests.reset();
    namedRequests = {};
    sampleMemory();
    return true;
  },
  "probe-report": () => report(),
  "probe-named-requests": () => namedRequests,
  /**
   * The live heap: a full GC, then heapUsed. Only with `--expose-gc` (pass it with `--node-options`), and
   * only for experiments — the forced collection stalls the event loop it would otherwise measure.
   */
  "probe-live-heap": () => {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect === undefined) return undefined;
    collect();
    return process.memoryUsage().heapUsed;
  },
});
process.channel?.unref();
