import { afterEach, describe, expect, it } from "vitest";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

/** The lines inside code fences, in order, fence lines left out: what someone would copy. */
function codeLines(markdown: string): string[] {
  const lines: string[] = [];
  let open = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) open = !open;
    else if (open) lines.push(line);
  }
  return lines;
}

function codeBlock(language: string, lines: number, width: number, name: string): string {
  const body = Array.from({ length: lines }, (_, index) =>
    `const ${name}${index} = "${"x".repeat(Math.max(0, width - name.length - 16))}"; // ${index}`.slice(
      0,
      width,
    ),
  );
  return `\`\`\`${language}\n${body.join("\n")}\n\`\`\``;
}

/** About 9,000 characters: prose, a table, and code blocks, one of them longer than a message. */
function longAnswer(): string {
  const prose = (topic: string) =>
    `Here is how ${topic} works under load. `.repeat(6).trim() +
    " Watch <@123456789012345678> and @everyone stay quiet.";
  const parts = [
    "## Scaling the bidding service",
    prose("the fan-out"),
    "| Transport | Latency |\n| --- | --- |\n| WebSocket | lowest |\n| SSE | low |",
    codeBlock("ts", 30, 60, "bid"),
    prose("the Redis adapter"),
    codeBlock("ts", 38, 72, "room"),
    prose("backpressure"),
    codeBlock("yaml", 25, 50, "cfg"),
    prose("reconnection"),
    codeBlock("ts", 20, 60, "retry"),
  ];
  let answer = parts.join("\n\n");
  while (answer.length < 9_000) answer += `\n\n${prose("the last mile")}`;
  return answer;
}

describe("a long Discord answer", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("continues in messages of at most 2,000 characters with balanced fences and the code intact, through a 429", async () => {
    // The 38-line block (about 2,700 characters) fits in no message: it goes as a file, the rest inline.
    // Paced so the answer streams over a couple of seconds: the reply edits as it goes, as in production.
    harness = await startDiscordHarness({ anthropic: { tokensPerSecond: 1_000 } });
    const { discord, anthropic } = harness;
    const answer = longAnswer();
    expect(answer.length).toBeGreaterThanOrEqual(9_000);
    anthropic.enqueue({ kind: "answer", text: answer });
    // Discord pushes back on the first edit; @discordjs/rest waits out retry_after and the edit still lands.
    discord.failNext("PATCH", /^\/channels\/\d+\/messages\/\d+$/, { status: 429, retryAfterSeconds: 0.2 });

    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I scale bidding?` });
    await harness.answered(1);

    const messages = harness.botMessages(question.id).map((message) => message.content);
    expect(messages.length).toBeGreaterThanOrEqual(5);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(2_000);
      expect((message.match(/^\s*```/gm) ?? []).length % 2).toBe(0);
    }
    const big = codeBlock("ts", 38, 72, "room");
    const uploads = discord
      .callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`))
      .filter((call) => call.files.length > 0);
    expect(uploads.map((call) => call.files[0]?.data.toString())).toEqual([`${codeLines(big).join("\n")}\n`]);
    const inline = codeLines(messages.join("\n"));
    const shown = codeLines(answer.replace(big, ""));
    // Every other block is in the messages whole; of the big one, only a short excerpt.
    expect(inline.filter((line) => !line.startsWith("const room"))).toEqual(shown);
    expect(messages.join("\n")).toContain("_The full 38-line file is attached as `snippet-2.ts`._");
    // Discord renders no tables: rows became bullets. Mentions are inert, and allowed by nothing anyway.
    expect(messages.join("\n")).toContain("- **WebSocket** — Latency: lowest");
    expect(messages.join("\n")).not.toMatch(/<@\d+>|@everyone/);
    const writes = [
      ...discord.callsTo("POST", /^\/channels\/\d+\/messages$/),
      ...discord.callsTo("PATCH", /^\/channels\/\d+\/messages\/\d+$/),
    ];
    expect(discord.callsTo("PATCH", /^\/channels\/\d+\/messages\/\d+$/).length).toBeGreaterThan(0);
    for (const write of writes) expect(write.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("attaches a code block too long to read in chat as a file, keeping an excerpt", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    const block = codeBlock("ts", 60, 40, "line");
    anthropic.enqueue({ kind: "answer", text: `The whole server:\n\n${block}\n\nRun it with node.` });

    const question = await discord.userSays({ content: `<@${discord.botUserId}> full server please` });
    await harness.answered(1);

    const uploads = discord
      .callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`))
      .filter((call) => call.files.length > 0);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.files[0]?.data.toString()).toBe(`${codeLines(block).join("\n")}\n`);
    expect(uploads[0]?.body.allowed_mentions).toEqual({ parse: [] });
    const text = harness
      .botMessages(question.id)
      .map((message) => message.content)
      .join("\n");
    expect(text).toContain("The whole server:");
    expect(text).toMatch(/The full 60-line file is attached as `[^`]+\.ts`/);
  });

  it("sends a 120-line code answer as a file upload plus an excerpt in the thread, rated on its last message", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    const block = codeBlock("ts", 120, 50, "server");
    anthropic.enqueue({ kind: "answer", text: `Here is the server:\n\n${block}\n\nDeploy two of them.` });

    const question = await discord.userSays({ content: `<@${discord.botUserId}> write the whole server` });
    await harness.answered(1);

    const uploads = discord
      .callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`))
      .filter((call) => call.files.length > 0);
    expect(uploads.map((call) => call.files.map((file) => file.filename))).toEqual([["snippet-1.ts"]]);
    expect(uploads[0]?.files[0]?.data.toString().split("\n")).toHaveLength(121);
    const answer = harness.botMessages(question.id).filter((message) => message.content !== "");
    const text = answer.map((message) => message.content).join("\n");
    expect(text).toContain("Here is the server:");
    expect(text).toContain("Deploy two of them.");
    expect(text).toContain("_The full 120-line file is attached as `snippet-1.ts`._");
    // An excerpt, not the file: far fewer code lines in the thread than in the upload.
    expect(codeLines(text).length).toBeLessThan(20);
    expect(codeLines(text)).toEqual(codeLines(block).slice(0, codeLines(text).length));
    const rows = (answer.at(-1)?.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
    expect(rows.flatMap((row) => row.components.map((button) => button.custom_id))).toEqual([
      `rte:up:discord-${question.id}`,
      `rte:down:discord-${question.id}`,
    ]);
  });
});
