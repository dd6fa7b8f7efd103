import type { Messenger } from "../../src/core/message-reply.js";
import type { ReplyLedger, ReplyProgress } from "../../src/core/platform.js";

/** A Messenger that keeps messages in memory and records every call, for unit tests of reply logic. */
export function createRecordingMessenger() {
  const messages = new Map<string, string>();
  const calls: Array<{
    operation: "post" | "edit" | "remove" | "working" | "end";
    id?: string;
    text?: string;
  }> = [];
  let next = 1;
  const messenger: Messenger = {
    async post(text) {
      const id = `m${next++}`;
      messages.set(id, text);
      calls.push({ operation: "post", id, text });
      return id;
    },
    async edit(id, text) {
      if (!messages.has(id)) throw new Error(`edit of unknown message ${id}`);
      messages.set(id, text);
      calls.push({ operation: "edit", id, text });
    },
    async remove(id) {
      messages.delete(id);
      calls.push({ operation: "remove", id });
    },
    async showWorking(text) {
      calls.push({ operation: "working", ...(text === undefined ? {} : { text }) });
    },
    async end() {
      calls.push({ operation: "end" });
    },
  };
  return { messenger, messages, calls, visible: () => [...messages.values()] };
}

/** A ReplyLedger in memory; `progress` shows what was saved. */
export function createMemoryLedger(
  initial?: ReplyProgress,
): ReplyLedger & { progress: ReplyProgress | undefined } {
  const ledger = {
    progress: initial,
    async read() {
      return ledger.progress;
    },
    async write(progress: ReplyProgress) {
      ledger.progress = progress;
    },
  };
  return ledger;
}
