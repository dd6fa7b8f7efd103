import { describe, expect, it } from "vitest";
import { createMemoryLedger, createRecordingMessenger } from "../../test/fakes/recording-messenger.js";
import { defaultCodeLines, renderAnswer } from "./markdown/render-answer.js";
import { createMessageReply, type Messenger } from "./message-reply.js";
import type { ReplyProgress } from "./platform.js";

const render = (markdown: string) =>
  renderAnswer(markdown, { ...defaultCodeLines, limit: 100, transform: (prose) => prose });

describe("posts announced in the ledger", () => {
  it("announces each post before making it when the platform can find unrecorded posts, then records it", async () => {
    const recording = createRecordingMessenger();
    const ledger = createMemoryLedger();
    const atPost: Array<ReplyProgress | undefined> = [];
    const messenger: Messenger = {
      ...recording.messenger,
      find: async () => undefined,
      post: (text, position) => {
        atPost.push(structuredClone(ledger.progress));
        return recording.messenger.post(text, position);
      },
    };
    const reply = await createMessageReply({ messenger, ledger, render, minIntervalMs: 0 });
    await reply.append("Shard rooms by id.");
    await reply.finish({ kind: "complete" });

    expect(atPost).toEqual([{ messageIds: [], deliveredCharacters: 18, extra: { posting: "0" } }]);
    expect(ledger.progress).toEqual({ messageIds: ["m1"], deliveredCharacters: 18 });
  });

  it("announces nothing where the platform cannot look (it relies on its own deduplication)", async () => {
    const recording = createRecordingMessenger();
    const ledger = createMemoryLedger();
    const written: ReplyProgress[] = [];
    const write = ledger.write.bind(ledger);
    ledger.write = async (progress) => {
      written.push(progress);
      await write(progress);
    };
    const reply = await createMessageReply({
      messenger: recording.messenger,
      ledger,
      render,
      minIntervalMs: 0,
    });
    await reply.append("Shard rooms by id.");
    await reply.finish({ kind: "complete" });

    expect(written).toEqual([{ messageIds: ["m1"], deliveredCharacters: 18 }]);
  });

  it("adopts a message found for the announced index, keeping what else the ledger held", async () => {
    const recording = createRecordingMessenger();
    const lost = await recording.messenger.post("Shard", { index: 0 });
    const ledger = createMemoryLedger({
      messageIds: [],
      deliveredCharacters: 0,
      extra: { posting: "0", uploaded: "rooms.ts" },
    });
    const looked: Array<{ index: number; after?: string }> = [];
    const messenger: Messenger = {
      ...recording.messenger,
      find: async (position) => {
        looked.push(position);
        return lost;
      },
    };
    const reply = await createMessageReply({ messenger, ledger, render, minIntervalMs: 0 });
    await reply.append("Shard rooms by id.");
    await reply.finish({ kind: "complete" });

    expect(looked).toEqual([{ index: 0 }]);
    expect(recording.visible()).toEqual(["Shard rooms by id."]);
    expect(recording.calls.filter((call) => call.operation === "post")).toHaveLength(1);
    expect(ledger.progress?.messageIds).toEqual([lost]);
  });
});
