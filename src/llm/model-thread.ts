import type { MessagePort } from "node:worker_threads";
import type { Model } from "../core/model.js";
import { toRteError } from "./claude-errors.js";
import type { ToModelThread } from "./model-thread-messages.js";
import { toWireError } from "./model-thread-messages.js";
import { createOutbox } from "./model-thread-outbox.js";
import { createStringKeeper } from "./string-keeper.js";

/**
 * The model thread's side of threaded-model.ts: runs each started answer on `model` (the Claude model) and
 * posts its events back in batches; a cancel aborts the answer's requests and drops what it had not sent.
 */
export function serveModelThread(port: MessagePort, model: Model): void {
  const outbox = createOutbox(port);
  const running = new Map<number, AbortController>();
  const keepSystem = createStringKeeper();

  const run = async (id: number, controller: AbortController, request: ToModelThread & { type: "start" }) => {
    let started = false;
    try {
      for await (const event of model.stream(request.request, controller.signal)) {
        if (controller.signal.aborted) return;
        outbox.add(id, event, !started || event.type === "done");
        started = true;
      }
      if (!controller.signal.aborted) outbox.end(id);
    } catch (error) {
      if (!controller.signal.aborted) outbox.end(id, toWireError(toRteError(error)));
    } finally {
      running.delete(id);
    }
  };

  port.on("message", (message: ToModelThread) => {
    if (message.type === "cancel") {
      running.get(message.id)?.abort();
      running.delete(message.id);
      outbox.drop(message.id);
      return;
    }
    // The message is this thread's own clone: its copy of the persona is swapped for the kept one.
    message.request.system = keepSystem(message.request.system);
    const controller = new AbortController();
    running.set(message.id, controller);
    void run(message.id, controller, message);
  });
}
