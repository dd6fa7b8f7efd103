import type { Config } from "../config.js";
import type { PlatformName } from "../core/ask.js";
import type { Feedback } from "../core/feedback.js";
import type { Logger } from "../core/logger.js";
import type { Platform } from "../core/platform.js";
import type { SharedState } from "../core/shared-state.js";
import type { Transcript } from "../core/transcript.js";
import type { HttpServer } from "../http/http-server.js";
import type { Submit } from "../ingress/submit.js";
import type { Metrics } from "../observability/metrics.js";

export interface WorkerContext {
  config: Readonly<Config>;
  logger: Logger;
  transcript: Transcript;
  /** Update budgets, claims, caches and joined threads shared with the other processes. */
  state: SharedState;
  /**
   * The process's metrics, for what only an adapter can measure: `ackLatency` and `feedback` (ingress) and
   * `firstVisibleText` (the reply), e.g. `metrics?.ackLatency.observe({ platform: "slack" }, seconds)`.
   * Absent in tests that do not count.
   */
  metrics?: Metrics;
}

export interface IngressContext extends WorkerContext {
  submit: Submit;
  http: HttpServer;
  /** Stops the answer to this question, wherever it runs (a Stop button or reaction). */
  requestStop(askId: string): Promise<void>;
  /** Stores a 👍/👎 (and optional comment) on the answer to this question. */
  recordFeedback(feedback: Feedback): Promise<void>;
}

export interface IngressHealth {
  ok: boolean;
  detail: string;
}

export interface RunningIngress {
  health(): Promise<IngressHealth>;
  stop(): Promise<void>;
}

/** One line of `rte doctor`'s checklist. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when it is not ok. */
  fix?: string;
}

/**
 * How the composition root sees a platform: its REST-only worker side, its ingress and its checks. Whether
 * it is configured, and loading it, is platform-modules.ts's. Everything platform-specific lives behind these.
 */
export interface PlatformModule {
  name: PlatformName;
  createPlatform(context: WorkerContext): Platform;
  startIngress(context: IngressContext): Promise<RunningIngress>;
  /** Reaches the platform with the configured credentials (`rte doctor`). */
  diagnose(config: Readonly<Config>): Promise<DoctorCheck[]>;
}
