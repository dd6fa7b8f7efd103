import { once } from "node:events";
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

// The compiled module the test run builds into dist/ (test/support/global-build.ts): a thread imports it.
const compiled = new URL("../../dist/llm/model-thread-priority.js", import.meta.url).href;

/** Runs `body` in a new thread with `lowerThisThread` in scope; resolves with the thread's niceness after it. */
async function threadNicenessAfter(body: string): Promise<number> {
  const thread = new Worker(
    `
    const { parentPort } = require("node:worker_threads");
    const { getPriority, setPriority } = require("node:os");
    import(${JSON.stringify(compiled)}).then(({ lowerThisThread }) => {
      ${body}
      parentPort.postMessage(getPriority(0));
    });
    `,
    { eval: true },
  );
  const [niceness] = await once(thread, "message");
  await thread.terminate();
  return niceness as number;
}

describe.runIf(process.platform === "linux")("lowerThisThread", () => {
  it("lowers the calling thread only: the thread that started it keeps its priority", async () => {
    const before = getPriority(0);
    expect(await threadNicenessAfter("lowerThisThread(12);")).toBe(12);
    expect(getPriority(0)).toBe(before);
  });

  it("never raises a thread already nicer than asked", async () => {
    expect(await threadNicenessAfter("setPriority(0, 15); lowerThisThread(10);")).toBe(15);
  });

  it("leaves the thread as it is for 0", async () => {
    expect(await threadNicenessAfter("lowerThisThread(0);")).toBe(getPriority(0));
  });
});
