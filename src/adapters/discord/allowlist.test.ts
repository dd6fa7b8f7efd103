import { describe, expect, it } from "vitest";
import { createAllowlist } from "./allowlist.js";

describe("createAllowlist", () => {
  it("allows everything while empty", () => {
    expect(createAllowlist([])({ workspace: "@me", channel: "1" })).toBe(true);
  });

  it("allows listed channels and servers, and DMs only with @me", () => {
    const allowed = createAllowlist(["100", "200"]);
    expect(allowed({ workspace: "900", channel: "100" })).toBe(true);
    expect(allowed({ workspace: "200", channel: "300" })).toBe(true);
    expect(allowed({ workspace: "900", channel: "300" })).toBe(false);
    expect(allowed({ workspace: "@me", channel: "400" })).toBe(false);
    expect(createAllowlist(["@me"])({ workspace: "@me", channel: "400" })).toBe(true);
  });
});
