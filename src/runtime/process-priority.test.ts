import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { threadNiceness } from "../../test/support/thread-niceness.js";

// The compiled module the test run builds into dist/ (test/support/global-build.ts): a child Node runs it.
const compiled = new URL("../../dist/runtime/process-priority.js", import.meta.url).href;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

/** Starts a Node process that runs `body`, then stays until killed; resolves with its pid once it is set. */
async function processAfter(body: string, user: { uid?: number } = {}): Promise<number> {
  const script = `
    import { setNiceness } from ${JSON.stringify(compiled)};
    ${body}
    console.log("set");
    setInterval(() => {}, 60_000);
  `;
  const started = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
    ...user,
  });
  child = started;
  const said = await Promise.race([
    once(started.stdout, "data").then(([line]) => String(line).trim()),
    once(started, "exit").then(([code]) => `exited with code ${code}`),
  ]);
  expect(said).toBe("set");
  return started.pid as number;
}

describe.runIf(process.platform === "linux")("setNiceness", () => {
  it("sets every thread of the process, those V8 started before it and a thread started after", async () => {
    const pid = await processAfter(`
      import { Worker } from "node:worker_threads";
      setNiceness(10, "lower");
      const thread = new Worker("setInterval(() => {}, 60_000)", { eval: true });
      await new Promise((resolve) => thread.once("online", resolve));
    `);
    const niceness = threadNiceness(pid);
    // The main thread, V8's helpers, and the worker thread with its own helpers.
    expect(niceness.length).toBeGreaterThan(4);
    expect(new Set(niceness)).toEqual(new Set([10]));
  });

  it("only lowers when asked to lower: a process started nicer keeps its niceness", async () => {
    const pid = await processAfter(`
      import { setPriority } from "node:os";
      import { readdirSync } from "node:fs";
      for (const thread of readdirSync("/proc/self/task")) setPriority(Number(thread), 15);
      setNiceness(10, "lower");
      setNiceness(0, "lower");
    `);
    expect(new Set(threadNiceness(pid))).toEqual(new Set([15]));
  });

  it.runIf(process.getuid?.() === 0)("raises every thread when permitted (root here)", async () => {
    const pid = await processAfter(`setNiceness(-5, "raise");`);
    expect(new Set(threadNiceness(pid))).toEqual(new Set([-5]));
  });

  it("runs as started when raising is not permitted, and returns the refusal", async () => {
    // Run as `nobody` when the tests run as root, as CI does: unprivileged, like most containers.
    const pid = await processAfter(
      `
      const refused = setNiceness(-5, "raise");
      if (!String(refused).includes("EACCES")) throw new Error(String(refused));
    `,
      process.getuid?.() === 0 ? { uid: 65534 } : {},
    );
    expect(new Set(threadNiceness(pid))).toEqual(new Set([0]));
  });
});
