import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createLogger } from "./logger.js";

const secrets = {
  ANTHROPIC_API_KEY: "sk-ant-secret-anthropic",
  SLACK_BOT_TOKEN: "xoxb-secret-bot",
  SLACK_SIGNING_SECRET: "secret-signing",
  SLACK_APP_TOKEN: "xapp-secret-app",
  DISCORD_TOKEN: "secret-discord",
  REDIS_URL: "redis://default:secret-redis-password@redis.internal:6379",
};

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

describe("the logger", () => {
  it("redacts every secret, however deep, even when a whole config or environment is logged", () => {
    const output = capture();
    const logger = createLogger({ level: "info", destination: output.stream });
    const config = loadConfig({ ...secrets, DISCORD_APPLICATION_ID: "123" });

    logger.info({ config }, "config");
    logger.info({ env: secrets }, "environment");
    logger.info(
      {
        request: {
          headers: { authorization: `Bearer ${secrets.ANTHROPIC_API_KEY}`, "x-api-key": "secret-x" },
        },
      },
      "request",
    );
    logger.child({ jobId: "job-1" }).info({ slack: { botToken: secrets.SLACK_BOT_TOKEN } }, "child");

    const text = output.text();
    expect(text.split("\n").filter(Boolean)).toHaveLength(4);
    for (const secret of [...Object.values(secrets), "secret-x", "secret-redis-password"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[redacted]");
    expect(text).toContain('"jobId":"job-1"');
    // Redaction is by key: what is not a secret stays readable.
    expect(JSON.parse(text.split("\n")[0] ?? "{}").config.anthropic.model).toBe("claude-sonnet-5-5");
  });

  it("censors a child's bindings and an error's fields as well as each line", () => {
    const output = capture();
    const logger = createLogger({ level: "info", destination: output.stream });
    const error = Object.assign(new Error("not_authed"), {
      headers: { authorization: "Bearer xoxb-in-error" },
    });
    logger
      .child({ jobId: "job-2", slack: { botToken: "xoxb-in-binding" } })
      .warn({ error, err: error }, "failed");

    const text = output.text();
    expect(text).not.toContain("xoxb-in-error");
    expect(text).not.toContain("xoxb-in-binding");
    const line = JSON.parse(text);
    expect(line).toMatchObject({ jobId: "job-2", error: { message: "not_authed" } });
    // pino's serializer of `err` still names the error's class.
    expect(line.err).toMatchObject({ type: "Error", message: "not_authed" });
  });
});
