import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../../test/fakes/fake-anthropic.js";
import { asking, fakeModelOptions, streamOutcome } from "../../test/support/stream-outcome.js";
import { createThreadedModel, modelThreadEntry, type ThreadedModel } from "./threaded-model.js";

const slowAnswer = "Use sticky sessions and the Redis adapter, then scale out.";

/**
 * A thread entry that serves answers as the real one does (the compiled model-thread.js), but crashes the
 * whole thread when an answer asks it to: a stand-in for a thread that dies under load.
 */
const crashingEntry = (modelOptions: object) => `
import { parentPort } from "node:worker_threads";
import { createClaudeModel } from ${JSON.stringify(new URL("./claude-model.js", modelThreadEntry()).href)};
import { serveModelThread } from ${JSON.stringify(new URL("./model-thread.js", modelThreadEntry()).href)};
parentPort.on("message", (message) => {
  if (message.type === "start" && JSON.stringify(message.request).includes("crash")) throw new Error("boom");
});
serveModelThread(parentPort, createClaudeModel(${JSON.stringify(modelOptions)}));
`;

describe("createThreadedModel when its thread is lost", () => {
  let fake: FakeAnthropic;
  let folder: string;
  /** The model a test opened, closed after it. */
  let opened: ThreadedModel | undefined;
  const modelOptions = () => fakeModelOptions(fake);
  beforeEach(async () => {
    fake = await startFakeAnthropic({ chunkCharacters: 5 });
    folder = mkdtempSync(join(tmpdir(), "rte-model-thread-"));
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    await fake.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Starts a slow answer and resolves once its first text has crossed, i.e. it is in flight in the thread. */
  const inFlight = (model: ThreadedModel) => {
    fake.respondWith((request) =>
      JSON.stringify(request.body.messages).includes("slow")
        ? { kind: "answer", text: slowAnswer }
        : undefined,
    );
    fake.setPace({ tokensPerSecond: 2 });
    let streaming: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      streaming = resolve;
    });
    const outcome = streamOutcome(model, { request: asking("slow"), onEvent: () => streaming() });
    return { started, outcome };
  };

  it("fails the answers in flight with a retryable model_unreachable, and the next answer gets a new thread", async () => {
    const entry = join(folder, "crashing-entry.mjs");
    writeFileSync(entry, crashingEntry(modelOptions()));
    const model = createThreadedModel({ ...modelOptions(), concurrency: 10, entry: pathToFileURL(entry) });
    opened = model;
    const slow = inFlight(model);
    await slow.started;

    const crashing = await streamOutcome(model, { request: asking("crash") });
    expect(crashing.error).toMatchObject({ code: "model_unreachable", permanent: false });
    expect((await slow.outcome).error).toMatchObject({ code: "model_unreachable", permanent: false });

    fake.setPace({ tokensPerSecond: 0 });
    const next = await streamOutcome(model, { request: asking("and now?") });
    expect(next.error).toBeUndefined();
    expect(next.events.at(-1)).toMatchObject({ type: "done", stopReason: "end_turn" });
  });

  it("close() ends the thread: the answers in flight fail, and later answers are refused", async () => {
    const model = createThreadedModel({ ...modelOptions(), concurrency: 10 });
    opened = model;
    const slow = inFlight(model);
    await slow.started;

    await model.close();
    expect((await slow.outcome).error).toMatchObject({ code: "model_unreachable" });
    const later = await streamOutcome(model);
    expect(later.error).toMatchObject({ code: "model_unreachable", message: "The model is closed." });
  });

  it("does not hold the process open once no answer is in flight, even if nobody closes it", async () => {
    // A process that answers once through the compiled threaded model and then has nothing left to do.
    const script = `
      import { createThreadedModel } from ${JSON.stringify(new URL("./threaded-model.js", modelThreadEntry()).href)};
      const model = createThreadedModel({ ...${JSON.stringify(modelOptions())}, concurrency: 10 });
      let text = "";
      for await (const event of model.stream(${JSON.stringify(asking("hi"))}, new AbortController().signal)) {
        if (event.type === "text") text += event.text;
      }
      console.log(JSON.stringify(text));
    `;
    fake.enqueue({ kind: "answer", text: "Bye." });
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toBe("Bye.");
  });

  it("does not hold the process open when no answer ever came, though the thread starts at once", async () => {
    const script = `
      import { createThreadedModel } from ${JSON.stringify(new URL("./threaded-model.js", modelThreadEntry()).href)};
      createThreadedModel({ ...${JSON.stringify(modelOptions())}, concurrency: 10 });
      console.log("created");
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe("created");
  });
});

describe("createThreadedModel's ready", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "rte-model-thread-ready-"));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const options = { apiKey: "sk-ant-test", model: "claude-sonnet-5-5", maxTokens: 100, concurrency: 2 };

  it("settles when the thread says it loaded the model, not before", async () => {
    const entry = join(folder, "slow-entry.mjs");
    // Silent, as a thread still loading the SDK is, until the first answer's start reaches it.
    writeFileSync(
      entry,
      `import { parentPort } from "node:worker_threads";
parentPort.on("message", (message) => {
  if (message.type === "start") parentPort.postMessage({ type: "ready" });
});`,
    );
    const model = createThreadedModel({ ...options, entry: pathToFileURL(entry) });
    let settled = false;
    void model.ready.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    model.stream(asking("hello"), new AbortController().signal)[Symbol.asyncIterator]();
    await expect(model.ready).resolves.toBeUndefined();
    await model.close();
  });

  it("settles for the real thread once it has loaded, and when a thread dies while loading", async () => {
    const model = createThreadedModel({ ...options, entry: modelThreadEntry() });
    await expect(model.ready).resolves.toBeUndefined();
    await model.close();

    const entry = join(folder, "dying-entry.mjs");
    writeFileSync(entry, `throw new Error("cannot load the SDK");`);
    const dying = createThreadedModel({ ...options, entry: pathToFileURL(entry) });
    await expect(dying.ready).resolves.toBeUndefined();
    await dying.close();
  });
});
