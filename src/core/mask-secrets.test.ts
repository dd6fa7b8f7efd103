import { describe, expect, it } from "vitest";
import { maskSecrets } from "./mask-secrets.js";

describe("maskSecrets", () => {
  it.each([
    ["my key is sk-ant-api03-abcdefghijklmnop", "sk-ant-api03"],
    ["SLACK_BOT_TOKEN=xoxb-1234567890-abcdefghij", "1234567890-abcdefghij"],
    ["redis://default:hunter2secret@fly-redis.upstash.io:6379", "hunter2secret"],
    ['{"password": "correct-horse-battery"}', "correct-horse-battery"],
    ["Authorization: Bearer abcdef123456ghijkl", "abcdef123456ghijkl"],
    ["token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
    ["AKIAABCDEFGHIJKLMNOP in the config", "AKIAABCDEFGHIJKLMNOP"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "MIIEow"],
  ])("masks %j", (text, secret) => {
    const masked = maskSecrets(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain("[masked]");
  });

  it("leaves ordinary engineering text alone", () => {
    const text =
      "How do I scale socket.io past one node? We have 40k connections and a token bucket limiter.";
    expect(maskSecrets(text)).toBe(text);
  });
});
