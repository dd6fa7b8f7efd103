/**
 * Request/answer over a child process's IPC channel: `{ id, type, payload }` goes out, `{ replyTo, result }`
 * or `{ replyTo, error }` comes back. Used by the probe inside measured processes and by the fakes host.
 */
import type { ChildProcess } from "node:child_process";

interface Answer {
  replyTo: number;
  result?: unknown;
  error?: string;
}

let lastId = 0;

export function request<T>(
  target: ChildProcess,
  type: string,
  payload: unknown = undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const id = ++lastId;
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      target.off("message", onMessage);
      target.off("exit", onExit);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer to "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      const answer = message as Partial<Answer> | null;
      if (answer?.replyTo !== id) return;
      cleanup();
      if (answer.error !== undefined) reject(new Error(answer.error));
      else resolve(answer.result as T);
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`the process exited before answering "${type}"`));
    };
    target.on("message", onMessage);
    target.on("exit", onExit);
    target.send({ id, type, payload }, (error) => {
      if (error) {
        cleanup();
        reject(error);
      }
    });
  });
}

export type Handlers = Record<string, (payload: unknown) => unknown>;

/** The child's side: answers requests with the handler named by their type. */
export function answerRequests(handlers: Handlers): void {
  process.on("message", (message: unknown) => {
    const { id, type, payload } = (message ?? {}) as { id?: number; type?: string; payload?: unknown };
    if (typeof id !== "number" || typeof type !== "string") return;
    const handler = handlers[type];
    if (handler === undefined) return;
    Promise.resolve()
      .then(() => handler(payload))
      .then(
        (result) => process.send?.({ replyTo: id, result }),
        (error: unknown) =>
          process.send?.({ replyTo: id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/**
 * A child's IPC channel delivers messages as soon as any listener exists — the preloaded probe's — so a
 * request sent before the child's own module has loaded would be lost. The child says when it listens.
 */
export function announceReady(): void {
  process.send?.({ ready: true });
}

export function waitForReady(target: ChildProcess, timeoutMs = 10_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      target.off("message", onMessage);
      target.off("exit", onExit);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the process did not say it was ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      if ((message as { ready?: unknown } | null)?.ready !== true) return;
      cleanup();
      resolve();
    };
    const onExit = () => {
      cleanup();
      reject(new Error("the process exited before it was ready"));
    };
    target.on("message", onMessage);
    target.on("exit", onExit);
  });
}
