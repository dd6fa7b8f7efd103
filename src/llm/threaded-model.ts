import { type ResourceLimits, Worker } from "node:worker_threads";
import { RteError } from "../core/errors.js";
import type { Model, ModelEvent, ModelRequest } from "../core/model.js";
import { type AnswerInbox, createAnswerInbox } from "./answer-inbox.js";
import { answerCancelled } from "./claude-errors.js";
import {
  type FromModelThread,
  fromWireError,
  type ModelThreadData,
  type ModelThreadOptions,
  type ToModelThread,
} from "./model-thread-messages.js";
import { threadHeapLimits } from "./thread-heap-limits.js";

export interface ThreadedModelOptions extends ModelThreadOptions {
  /** The thread's code; default the compiled model-thread-entry.js (modelThreadEntry). */
  entry?: URL;
  /** How many answers may stream at once (the worker's concurrency): it sizes the thread's heap. */
  concurrency: number;
  /** The thread's heap limits; default `threadHeapLimits(concurrency)`. */
  resourceLimits?: ResourceLimits;
  /** The niceness the thread lowers itself to as it starts (model-thread-priority.ts); default 0, none. */
  niceness?: number;
}

/** The model port, plus stopping the thread (the worker's close). */
export interface ThreadedModel extends Model {
  /**
   * Settles once the thread has loaded the model (the SDK and what its first request needs), or has died
   * trying (its answers then fail as `model_unreachable`), or the model was closed; it never rejects. A
   * worker takes its first job after it, so a question that arrives as the process starts does not wait for
   * the thread to load: 250–370 ms on an idle machine (docs/performance.md, session 13).
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The Claude model run in a worker thread, one per process, shared by every answer.
 *
 * Why: at 1,000 answers streaming on one worker, reading Claude's streams (socket reads, the HTTP parser,
 * SSE decoding and `JSON.parse`, the response reader, and the garbage all that makes) was most of the main
 * thread's work while answers stream, and it delays everything else the event loop runs (Redis, the
 * platforms' replies). In the thread it runs beside the main thread, whose share is a message now and then
 * (model-thread-outbox.ts) carrying the events of the answers due at that moment.
 *
 * The thread starts at once, so the first answers of a burst do not wait for it to load the SDK, and is
 * unref'd while no answer is in flight. If it dies (a crash, its heap limit), the answers in flight fail
 * with a retryable `model_unreachable` (the queue retries them) and the next answer starts a new one.
 */
export function createThreadedModel(options: ThreadedModelOptions): ThreadedModel {
  const {
    concurrency,
    entry = modelThreadEntry(),
    resourceLimits = threadHeapLimits(concurrency),
    niceness = 0,
    ...modelOptions
  } = options;
  const inboxes = new Map<number, AnswerInbox>();
  let thread: Worker | undefined;
  let lastId = 0;
  let closed = false;
  let loaded: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    loaded = resolve;
  });

  const holdProcess = () => {
    if (inboxes.size > 0) thread?.ref();
    else thread?.unref();
  };
  const lost = (worker: Worker, reason: string) => {
    loaded();
    if (thread !== worker) return;
    thread = undefined;
    const error = new RteError("model_unreachable", `The model thread ${reason}.`);
    for (const inbox of inboxes.values()) inbox.fail(error);
    inboxes.clear();
  };
  const started = (): Worker => {
    if (thread !== undefined) return thread;
    const worker = new Worker(entry, {
      workerData: { model: modelOptions, niceness } satisfies ModelThreadData,
      // Not the main thread's `--import`s or `--cpu-prof` (the benchmark's probe measures the main thread).
      execArgv: [],
      resourceLimits,
    });
    worker.on("message", (batch: FromModelThread) => {
      if (batch.type === "ready") {
        loaded();
        return;
      }
      for (const part of batch.parts) {
        const inbox = inboxes.get(part.id);
        if (inbox === undefined) continue;
        if (part.events.length > 0) inbox.receive(part.events);
        if (part.end) {
          inboxes.delete(part.id);
          inbox.end(part.end.error && fromWireError(part.end.error));
        }
      }
      holdProcess();
    });
    worker.on("error", (error) => lost(worker, `crashed: ${error.message}`));
    worker.on("exit", (code) => lost(worker, `stopped (exit code ${code})`));
    thread = worker;
    return worker;
  };

  /** Starts one answer in the thread; its inbox is what the answer's reader iterates. */
  const open = (request: ModelRequest, signal: AbortSignal): AsyncIterator<ModelEvent> => {
    if (closed) return failedInbox(new RteError("model_unreachable", "The model is closed."));
    if (signal.aborted) return failedInbox(answerCancelled());
    const worker = started();
    const id = ++lastId;
    const onAbort = () => inbox.fail(answerCancelled());
    const inbox = createAnswerInbox(() => {
      signal.removeEventListener("abort", onAbort);
      // Still running in the thread (aborted, failed here, or its reader stopped early): stop it there.
      if (inboxes.delete(id) && thread === worker) {
        worker.postMessage({ type: "cancel", id } satisfies ToModelThread);
      }
      holdProcess();
    });
    inboxes.set(id, inbox);
    holdProcess();
    worker.postMessage({ type: "start", id, request } satisfies ToModelThread);
    signal.addEventListener("abort", onAbort, { once: true });
    return inbox;
  };

  started();
  holdProcess();

  return {
    ready,
    stream(request, signal): AsyncIterable<ModelEvent> {
      return { [Symbol.asyncIterator]: () => open(request, signal) };
    },
    async close() {
      closed = true;
      loaded();
      const worker = thread;
      if (worker === undefined) return;
      lost(worker, "was closed");
      await worker.terminate();
    },
  };
}

/**
 * The thread's compiled entry beside this module. Run from the TypeScript sources (vitest), there is no
 * compiled file beside it; the one the test run builds into dist/ (test/support/global-build.ts) is used.
 */
export function modelThreadEntry(from = import.meta.url): URL {
  const entry = new URL("./model-thread-entry.js", from);
  if (!from.endsWith(".ts")) return entry;
  return new URL(
    entry.href.replace(/\/src\/llm\/model-thread-entry\.js$/, "/dist/llm/model-thread-entry.js"),
  );
}

/** An answer that could not start: its inbox, failed before it was read, throws `error` at the first read. */
function failedInbox(error: RteError): AnswerInbox {
  const inbox = createAnswerInbox();
  inbox.fail(error);
  return inbox;
}
