import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { invitePermissions, inviteUrl, messageCommand, rteCommand } from "./command-registration.js";

describe("the invite link", () => {
  it("asks for exactly: send messages, read history, create public threads, send in threads", () => {
    expect(invitePermissions).toBe((1n << 11n) | (1n << 16n) | (1n << 35n) | (1n << 38n));
    expect(inviteUrl("1180000000000000001")).toBe(
      "https://discord.com/oauth2/authorize?client_id=1180000000000000001&scope=bot+applications.commands&permissions=309237712896",
    );
  });

  it("is the one the README tells admins to open", () => {
    const readme = readFileSync("README.md", "utf8");
    const permissions = [...readme.matchAll(/permissions=(\d+)/g)].map((match) => match[1]);
    expect(permissions).toEqual([invitePermissions.toString()]);
  });
});

describe("rteCommand", () => {
  it("takes one required question and is user-installable and usable in DMs only when global", () => {
    expect(rteCommand("global")).toMatchObject({
      name: "rte",
      contexts: [0, 1, 2],
      integration_types: [0, 1],
    });
    expect(rteCommand("guild")).not.toHaveProperty("contexts");
    expect(rteCommand("guild").options).toEqual([
      expect.objectContaining({ name: "question", type: 3, required: true, max_length: 6_000 }),
    ]);
  });
});

describe("messageCommand", () => {
  it("is a message command (type 3) with no description or options", () => {
    expect(messageCommand("global")).toEqual({
      type: 3,
      name: "Ask rte about this message",
      integration_types: [0, 1],
      contexts: [0, 1, 2],
    });
    expect(messageCommand("guild")).toEqual({ type: 3, name: "Ask rte about this message" });
  });
});
