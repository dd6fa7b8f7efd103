/**
 * The model thread's entry (threaded-model.ts starts it): the Claude model, built from the options the
 * main thread passed, serving the main thread's answers, at the priority it was asked to lower itself to.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createClaudeModel } from "./claude-model.js";
import { serveModelThread } from "./model-thread.js";
import type { FromModelThread, ModelThreadData } from "./model-thread-messages.js";
import { lowerThisThread } from "./model-thread-priority.js";

if (parentPort === null) throw new Error("model-thread-entry.js runs only as a worker thread");
const { model, niceness } = workerData as ModelThreadData;
lowerThisThread(niceness);
serveModelThread(parentPort, createClaudeModel(model));
// Everything the first answer needs is loaded: the worker may start taking jobs (threaded-model.ts).
parentPort.postMessage({ type: "ready" } satisfies FromModelThread);
