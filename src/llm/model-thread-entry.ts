/**
 * The model thread's entry (threaded-model.ts starts it): the Claude model, built from the options the
 * main thread passed, serving the main thread's answers.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createClaudeModel } from "./claude-model.js";
import { serveModelThread } from "./model-thread.js";
import type { FromModelThread, ModelThreadOptions } from "./model-thread-messages.js";

if (parentPort === null) throw new Error("model-thread-entry.js runs only as a worker thread");
serveModelThread(parentPort, createClaudeModel(workerData as ModelThreadOptions));
// Everything the first answer needs is loaded: the worker may start taking jobs (threaded-model.ts).
parentPort.postMessage({ type: "ready" } satisfies FromModelThread);
