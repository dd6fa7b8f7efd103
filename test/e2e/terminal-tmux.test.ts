import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../../src/redis/server-files.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { eventually, redisServersUnder } from "../support/redis-processes.js";
import { openTerminal, rteCommand, type Terminal } from "../support/tmux.js";

/**
 * An answer long enough to be interrupted: 40 numbered paragraphs, about 2,800 characters. Paragraphs, since
 * a terminal prints each Markdown block once it is complete.
 */
function longAnswer(word: string): string {
  return Array.from(
    { length: 40 },
    (_, index) => `${word} line ${index + 1}: sticky sessions and the Redis adapter.`,
  ).join("\n\n");
}

const noise = /ECONNREFUSED|\n\s+at |Error:/;

describe("rte in a real terminal, with no REDIS_URL", { timeout: 180_000 }, () => {
  let anthropic: FakeAnthropic | undefined;
  let terminal: Terminal | undefined;
  let folder = "";
  afterEach(async () => {
    terminal?.close();
    await anthropic?.close();
    // Whatever a test leaves, the private server must stop by itself; wait for it before removing its folder.
    if (folder)
      await eventually(() => redisServersUnder(folder).length === 0, "the private redis-server stopping");
    // A server that just exited may still be closing its files in the folder: retry ENOTEMPTY a little.
    if (folder) rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    terminal = undefined;
    anthropic = undefined;
    folder = "";
  });

  async function open(tokensPerSecond: number): Promise<Terminal> {
    anthropic = await startFakeAnthropic({ tokensPerSecond });
    folder = mkdtempSync(join(tmpdir(), "rte-tmux-"));
    terminal = openTerminal(folder, { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url });
    return terminal;
  }

  it("stops on Ctrl-C mid-answer: one short line, exit 130, no noise, no redis-server left", async () => {
    const screen = await open(20);
    anthropic?.respondWith(() => ({ kind: "answer", text: longAnswer("Slow") }));

    screen.type(`${rteCommand} ask "how do I scale socket.io"; echo "EXIT=$?"`);
    await screen.waitFor(/Slow line 2/);
    screen.press("C-c");

    const shown = await screen.waitFor(/EXIT=\d+/);
    expect(shown).toMatch(/Stopped\.\nEXIT=130/);
    expect(shown).not.toContain("Slow line 40");
    expect(shown).not.toMatch(noise);
    await eventually(() => redisServersUnder(folder).length === 0, "the redis-server stopping after Ctrl-C");
  });

  it("exits at once on a second Ctrl-C", async () => {
    const screen = await open(20);
    anthropic?.respondWith(() => ({ kind: "answer", text: longAnswer("Twice") }));

    screen.type(`${rteCommand} ask "how do I scale socket.io"; echo "EXIT=$?"`);
    await screen.waitFor(/Twice line 1/);
    screen.press("C-c");
    screen.press("C-c");

    const shown = await screen.waitFor(/EXIT=\d+/);
    expect(shown).toContain("EXIT=130");
    expect(shown).not.toMatch(noise);
  });

  it("ends quietly when `| head -n 3` stops reading", async () => {
    const screen = await open(200);
    anthropic?.respondWith(() => ({ kind: "answer", text: longAnswer("Piped") }));

    screen.type(`${rteCommand} ask "how do I scale socket.io" | head -n 5; echo "EXIT=\${PIPESTATUS[0]}"`);

    const shown = await screen.waitFor(/EXIT=\d+/);
    expect(shown).toContain("Piped line 3");
    expect(shown).not.toContain("Piped line 4");
    expect(shown).not.toMatch(noise);
  });

  it("renders the Markdown for a person: code without fences, tables drawn", async () => {
    const screen = await open(200);
    const answer = [
      "Use the **Redis adapter**:",
      "```ts",
      "io.adapter(createAdapter(pub, sub));",
      "```",
      "| option | why |\n| --- | --- |\n| ip_hash | sticky |",
      "Done.",
    ].join("\n\n");
    anthropic?.respondWith(() => ({ kind: "answer", text: answer }));

    screen.type(`${rteCommand} ask "how do I scale socket.io"; echo "EXIT=$?"`);

    const shown = await screen.waitFor(/EXIT=\d+/);
    expect(shown).toContain("EXIT=0");
    expect(shown).toContain("io.adapter(createAdapter(pub, sub));");
    expect(shown).toMatch(/│ ip_hash\s+│ sticky\s+│/);
    expect(shown).not.toContain("```");
    expect(shown).not.toContain("**");
  });

  it("ends quietly when the terminal window is closed mid-answer", async () => {
    const screen = await open(20);
    anthropic?.respondWith(() => ({ kind: "answer", text: longAnswer("Closed") }));

    screen.type(`${rteCommand} ask "how do I scale socket.io"`);
    await screen.waitFor(/Closed line 1/);
    await eventually(() => redisServersUnder(folder).length === 1, "the redis-server running");
    screen.closeWindow();

    await eventually(() => redisServersUnder(folder).length === 0, "the redis-server stopping after hang-up");
  });

  it("answers two `rte ask` started together in one folder with one redis-server between them", async () => {
    const screen = await open(100);
    anthropic?.respondWith((request) => {
      const asked = JSON.stringify(request.body.messages);
      return {
        kind: "answer",
        text: asked.includes("first") ? "Answer to the first." : "Answer to the second.",
      };
    });
    let most = 0;
    const sampling = setInterval(() => {
      most = Math.max(most, redisServersUnder(folder).length);
    }, 50);

    screen.type(
      `${rteCommand} ask "first question" > first.txt & ${rteCommand} ask "second question" > second.txt & wait; echo DONE`,
    );
    await screen.waitFor(/^DONE$/m);
    clearInterval(sampling);

    expect(readFileSync(join(folder, "first.txt"), "utf8")).toBe("Answer to the first.\n");
    expect(readFileSync(join(folder, "second.txt"), "utf8")).toBe("Answer to the second.\n");
    expect(most).toBeLessThanOrEqual(1);
    await eventually(() => redisServersUnder(folder).length === 0, "the redis-server stopping after both");
  });

  it("prints nothing of a killed `rte ask` in a `rte chat` opened after it", async () => {
    const screen = await open(20);
    anthropic?.respondWith((request) => {
      const asked = JSON.stringify(request.body.messages);
      return asked.includes("doomed")
        ? { kind: "answer", text: longAnswer("Orphan") }
        : { kind: "answer", text: "A fresh answer for the chat." };
    });

    screen.type(`${rteCommand} ask "doomed question" & echo "PID=$!"`);
    const pid = Number(/PID=(\d+)/.exec(await screen.waitFor(/PID=\d+/))?.[1]);
    await screen.waitFor(/Orphan line 1/);
    process.kill(pid, "SIGKILL"); // dies without any cleanup, as on a crash or `kill -9`
    await eventually(() => !isAlive(pid), "the killed rte ask exiting");
    screen.type("clear");

    screen.type(`${rteCommand} chat`);
    await screen.waitFor(/you> /);
    screen.type("a new question");
    await screen.waitFor(/A fresh answer for the chat\.[\s\S]*you> /);
    // However long the chat stays open, nothing of the old answer arrives: wait past the ~20 s in which a
    // shared-queue answer would have been resumed by another worker.
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    screen.press("C-d");
    const shown = await screen.waitFor(/\$ $/m);

    expect(shown).not.toContain("Orphan");
    expect(
      anthropic?.messageRequests().filter((request) => JSON.stringify(request.body).includes("doomed")),
    ).toHaveLength(1);
  });
});
