import { describe, expect, it } from "vitest";
import { loadConfig, requireAnthropicKey } from "./config.js";
import { ConfigError } from "./core/errors.js";

describe("loadConfig", () => {
  it("runs on defaults alone", () => {
    const config = loadConfig({});
    expect(config.anthropic.model).toBe("claude-sonnet-5-5");
    expect(config.anthropic.maxTokens).toBe(8192);
    expect(config.port).toBe(3000);
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.limits.allowedChannels).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("names every bad variable, what it is for, and never throws a bare zod error", () => {
    let thrown: unknown;
    try {
      loadConfig({ RTE_MAX_TOKENS: "lots", PORT: "99999", REDIS_URL: "not a url", SLACK_BOT_TOKEN: "abc" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    for (const name of ["RTE_MAX_TOKENS", "PORT", "REDIS_URL", "SLACK_BOT_TOKEN"])
      expect(message).toContain(name);
    expect(message).toContain("longest answer in tokens");
    expect(message).toContain('got "lots"');
  });

  it("leaves worker lock timings to the worker unless RTE_LOCK_MS / RTE_STALLED_CHECK_MS set them", () => {
    expect(loadConfig({}).worker).toMatchObject({ lockDurationMs: undefined, stalledIntervalMs: undefined });
    expect(loadConfig({ RTE_LOCK_MS: "2000", RTE_STALLED_CHECK_MS: "1000" }).worker).toMatchObject({
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
    });
    expect(() => loadConfig({ RTE_LOCK_MS: "10" })).toThrow(/RTE_LOCK_MS/);
  });

  it("asks for the other half of a platform's credentials", () => {
    expect(() => loadConfig({ DISCORD_TOKEN: "token" })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack?.appToken).toBe(
      "xapp-1",
    );
  });

  it("reads lists and treats empty strings as unset", () => {
    const config = loadConfig({ RTE_ALLOWED_CHANNELS: " C1, ,C2 ", ANTHROPIC_API_KEY: "" });
    expect(config.limits.allowedChannels).toEqual(["C1", "C2"]);
    expect(() => requireAnthropicKey(config)).toThrow(
      /ANTHROPIC_API_KEY is not set[\s\S]*platform\.claude\.com/,
    );
  });
});

describe("RTE_PERSONAS", () => {
  it("maps ids to persona files and rejects entries without a path", () => {
    expect(loadConfig({ RTE_PERSONAS: "C1=a.md, T2=b=c.md" }).personas).toEqual({ C1: "a.md", T2: "b=c.md" });
    expect(() => loadConfig({ RTE_PERSONAS: "C1" })).toThrow(/RTE_PERSONAS[\s\S]*id=path/);
  });
});

describe("RTE_TOOLS", () => {
  it("offers web search, web fetch and code execution by default, each search and fetch capped", () => {
    expect(loadConfig({}).tools).toEqual([
      { name: "web_search", maxUses: 5 },
      { name: "web_fetch", maxUses: 5 },
      { name: "code_execution", maxUses: 5 },
    ]);
  });

  it("turns every tool off with none, and selects and caps from a list", () => {
    expect(loadConfig({ RTE_TOOLS: "none" }).tools).toEqual([]);
    expect(loadConfig({ RTE_TOOLS: " web_search=2 , web_fetch" }).tools).toEqual([
      { name: "web_search", maxUses: 2 },
      { name: "web_fetch", maxUses: 5 },
    ]);
  });

  it("names the variable and the fix for unknown tools, bad caps and repeats", () => {
    expect(() => loadConfig({ RTE_TOOLS: "web_browse" })).toThrow(
      /RTE_TOOLS names an unknown tool "web_browse"/,
    );
    expect(() => loadConfig({ RTE_TOOLS: "web_search=0" })).toThrow(/RTE_TOOLS gives web_search the cap "0"/);
    expect(() => loadConfig({ RTE_TOOLS: "code_execution=3" })).toThrow(
      /RTE_TOOLS sets a cap for code_execution/,
    );
    expect(() => loadConfig({ RTE_TOOLS: "web_fetch,web_fetch" })).toThrow(/RTE_TOOLS names web_fetch twice/);
  });
});

describe("RTE_PRICES", () => {
  it("lays prices over the built-in table", () => {
    const config = loadConfig({ RTE_PRICES: '{"claude-sonnet-5-5":{"input":3,"output":15}}' });
    expect(config.prices["claude-sonnet-5-5"]).toEqual({
      input: 3,
      output: 15,
      cacheWrite: 3.75,
      cacheRead: expect.closeTo(0.3, 10),
      webSearch: 0.01,
    });
    expect(loadConfig({}).prices["claude-sonnet-5-5"]?.input).toBe(2);
  });

  it("names the variable and the entry when the JSON is wrong", () => {
    expect(() => loadConfig({ RTE_PRICES: "{not json" })).toThrow(/RTE_PRICES is not valid JSON/);
    expect(() => loadConfig({ RTE_PRICES: '{"claude-sonnet-5-5":{"input":"two","output":10}}' })).toThrow(
      /RTE_PRICES .* at claude-sonnet-5-5\.input/,
    );
  });
});
