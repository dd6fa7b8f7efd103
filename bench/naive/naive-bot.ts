/**
 * The baseline: a Slack bot as most tutorials write it. A Bolt listener awaits Claude and posts the whole
 * answer into the thread; no queue, no streaming, no dedupe, no retries beyond the SDKs' defaults. Bolt
 * acknowledges each event before the listener runs, so acks are fast — until the process is too busy to
 * answer HTTP, or restarts and forgets every question in flight.
 *
 * Same environment variables as rte (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL,
 * ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, PORT, RTE_MODEL, RTE_MAX_TOKENS) and the same persona, so the two
 * bots send Claude the same request.
 */
import { resolve } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { App, LogLevel } from "@slack/bolt";
import { loadPersona } from "../../src/persona/persona.js";

const environment = process.env;
const persona = loadPersona(resolve("prompts/realtime-engineer.md"));

const app = new App({
  token: environment.SLACK_BOT_TOKEN,
  signingSecret: environment.SLACK_SIGNING_SECRET ?? "",
  logLevel: LogLevel.WARN,
  ...(environment.SLACK_API_URL ? { clientOptions: { slackApiUrl: environment.SLACK_API_URL } } : {}),
});
const anthropic = new Anthropic({
  apiKey: environment.ANTHROPIC_API_KEY,
  ...(environment.ANTHROPIC_BASE_URL ? { baseURL: environment.ANTHROPIC_BASE_URL } : {}),
});

app.event("app_mention", async ({ event, say }) => {
  const question = event.text.replace(/<@[A-Z0-9]+>/g, "").trim();
  const message = await anthropic.messages.create({
    model: environment.RTE_MODEL ?? "claude-sonnet-5-5",
    max_tokens: Number(environment.RTE_MAX_TOKENS ?? 8192),
    system: persona,
    messages: [{ role: "user", content: question }],
  });
  const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  await say({ text, thread_ts: event.thread_ts ?? event.ts });
});

await app.start(Number(environment.PORT ?? 3000));

process.once("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});
