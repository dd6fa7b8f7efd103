/**
 * Follows every Web API call a bot makes to the fake Slack and attributes it to the benchmark thread it
 * belongs to, so a run can say, per question: when the answer first became visible, when all of it was
 * visible, how many calls of each method it cost, and how many messages showed it (more than one is a
 * duplicate answer). Message contents are rebuilt from the calls themselves (post, update, stream), so the
 * checks see what a Slack user would see at that moment.
 */
import type { SlackCall } from "../../test/fakes/fake-slack.js";
import { answerMarkers } from "./answers.js";

export interface ThreadRoot {
  channel: string;
  ts: string;
  questionId: string;
}

export interface ThreadResult {
  questionId: string;
  channel: string;
  rootTs: string;
  /** `Date.now()` at the fake when the first call showing the start of the answer arrived. */
  firstVisibleAt?: number;
  /** `Date.now()` at the fake when the first call that made the answer's end visible arrived. */
  completeAt?: number;
  /** Web API calls attributed to this thread, by method. */
  calls: Record<string, number>;
  /** Messages in the thread that show the start of the answer; 1 is right, more is a duplicate answer. */
  answerMessages: number;
}

export interface TrackerSummary {
  threads: ThreadResult[];
  /** Calls that belong to no thread (auth.test, users.info, …), by method. */
  unattributed: Record<string, number>;
  /** Calls Slack refused, by "method: error". */
  refused: Record<string, number>;
}

interface Thread {
  root: ThreadRoot;
  head?: string;
  tail?: string;
  firstVisibleAt?: number;
  completeAt?: number;
  calls: Record<string, number>;
  /** Message ts → what it shows now (every string of its text, markdown and blocks). */
  messages: Map<string, string>;
}

const creates = new Set(["chat.postMessage", "chat.startStream"]);
const replaces = new Set(["chat.update"]);
const appends = new Set(["chat.appendStream", "chat.stopStream"]);

export function createThreadTracker() {
  const threads = new Map<string, Thread>();
  const byQuestion = new Map<string, Thread>();
  const messageThreads = new Map<string, Thread>();
  const unattributed: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const key = (channel: unknown, ts: unknown) => `${String(channel)}/${String(ts)}`;

  const threadOf = (call: SlackCall): Thread | undefined => {
    const { args } = call;
    const channel = args.channel ?? args.channel_id;
    const ts = args.thread_ts ?? args.ts ?? args.timestamp;
    return threads.get(key(channel, ts)) ?? messageThreads.get(key(channel, ts));
  };

  const check = (thread: Thread, at: number) => {
    if (thread.head === undefined || thread.tail === undefined) return;
    for (const content of thread.messages.values()) {
      if (thread.firstVisibleAt === undefined && content.includes(thread.head)) thread.firstVisibleAt = at;
      if (thread.completeAt === undefined && content.includes(thread.tail)) thread.completeAt = at;
    }
  };

  return {
    register(root: ThreadRoot): void {
      const thread: Thread = { root, calls: {}, messages: new Map() };
      threads.set(key(root.channel, root.ts), thread);
      byQuestion.set(root.questionId, thread);
    },

    /** The fake model is about to give this answer to this question. */
    expectAnswer(questionId: string, answer: string): void {
      const thread = byQuestion.get(questionId);
      if (thread === undefined) return;
      const markers = answerMarkers(answer);
      thread.head = markers.head;
      thread.tail = markers.tail;
    },

    observe(call: SlackCall, response: Record<string, unknown> | undefined): void {
      if (response?.ok !== true) {
        const reason = `${call.method}: ${String(response?.error ?? "HTTP error")}`;
        refused[reason] = (refused[reason] ?? 0) + 1;
      }
      const thread = threadOf(call);
      if (thread === undefined) {
        unattributed[call.method] = (unattributed[call.method] ?? 0) + 1;
        return;
      }
      thread.calls[call.method] = (thread.calls[call.method] ?? 0) + 1;
      if (response?.ok !== true) return;
      const channel = call.args.channel;
      if (creates.has(call.method) && typeof response.ts === "string") {
        messageThreads.set(key(channel, response.ts), thread);
        thread.messages.set(response.ts, contentOf(call.args));
      } else if (replaces.has(call.method) && typeof call.args.ts === "string") {
        thread.messages.set(call.args.ts, contentOf(call.args));
      } else if (appends.has(call.method) && typeof call.args.ts === "string") {
        const before = thread.messages.get(call.args.ts) ?? "";
        thread.messages.set(call.args.ts, before + appendedText(call.args));
      } else if (call.method === "chat.delete" && typeof call.args.ts === "string") {
        thread.messages.delete(call.args.ts);
      }
      check(thread, call.at);
    },

    completed(): number {
      let count = 0;
      for (const thread of threads.values()) if (thread.completeAt !== undefined) count++;
      return count;
    },

    summary(): TrackerSummary {
      return {
        threads: [...threads.values()].map((thread) => ({
          questionId: thread.root.questionId,
          channel: thread.root.channel,
          rootTs: thread.root.ts,
          ...(thread.firstVisibleAt === undefined ? {} : { firstVisibleAt: thread.firstVisibleAt }),
          ...(thread.completeAt === undefined ? {} : { completeAt: thread.completeAt }),
          calls: thread.calls,
          answerMessages: [...thread.messages.values()].filter(
            (content) => thread.head !== undefined && content.includes(thread.head),
          ).length,
        })),
        unattributed,
        refused,
      };
    },
  };
}

export type ThreadTracker = ReturnType<typeof createThreadTracker>;

/** What a stream call adds: its markdown_text and its markdown_text chunks, joined as Slack joins them. */
function appendedText(args: Record<string, unknown>): string {
  const chunks = Array.isArray(args.chunks) ? args.chunks : [];
  const texts = chunks.map((chunk: { type?: unknown; text?: unknown }) =>
    chunk?.type === "markdown_text" && typeof chunk.text === "string" ? chunk.text : "",
  );
  return (typeof args.markdown_text === "string" ? args.markdown_text : "") + texts.join("");
}

/** Every string a message call carries where Slack shows text: text, markdown_text, blocks, chunks. */
function contentOf(args: Record<string, unknown>): string {
  const strings: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string") strings.push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (typeof value === "object" && value !== null)
      for (const item of Object.values(value)) collect(item);
  };
  collect([args.text, args.markdown_text, args.blocks, args.chunks]);
  return strings.join("\n");
}
