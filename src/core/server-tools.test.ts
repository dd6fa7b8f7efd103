import { describe, expect, it } from "vitest";
import { describeActivity, readPersonaTools, sourcesMarkdown } from "./server-tools.js";

describe("describeActivity", () => {
  it("says what each tool does, with the query or the page's host, on one short line without markup", () => {
    expect(describeActivity({ tool: "web_search", subject: "socket.io  4.8\nrelease" })).toBe(
      "searching the web for “socket.io 4.8 release”",
    );
    expect(describeActivity({ tool: "web_search", subject: "<!here> *bold* _x_" })).toBe(
      "searching the web for “!here bold x”",
    );
    expect(describeActivity({ tool: "web_fetch", subject: "https://www.socket.io/docs/v4/" })).toBe(
      "reading socket.io",
    );
    expect(describeActivity({ tool: "code_execution" })).toBe("running code");
    expect(describeActivity({ tool: "web_search", subject: "x".repeat(200) })).toHaveLength(
      "searching the web for “”".length + 60,
    );
  });
});

describe("sourcesMarkdown", () => {
  it("lists each page once as a link, titles cleaned of link syntax, hosts for missing titles", () => {
    const line = sourcesMarkdown([
      { url: "https://socket.io/docs/v4/#rooms", title: "Rooms [v4] | Socket.IO" },
      { url: "https://socket.io/docs/v4/#adapter", title: "the same page again" },
      { url: "https://github.com/socketio/socket.io/releases" },
      { url: "javascript:alert(1)", title: "never" },
      { url: "https://example.com/a_(b)", title: "parens" },
    ]);
    expect(line).toBe(
      "**Sources:** [Rooms v4 Socket.IO](https://socket.io/docs/v4/#rooms) · " +
        "[github.com](https://github.com/socketio/socket.io/releases) · [parens](https://example.com/a_%28b%29)",
    );
  });

  it("is empty without sources and counts what does not fit", () => {
    expect(sourcesMarkdown([])).toBe("");
    const many = Array.from({ length: 9 }, (_, index) => ({
      url: `https://e.com/${index}`,
      title: `${index}`,
    }));
    expect(sourcesMarkdown(many)).toMatch(/\[5\]\(https:\/\/e\.com\/5\) · and 3 more$/);
  });
});

describe("readPersonaTools", () => {
  it("narrows tools from the persona's first line and keeps that line out of the prompt", () => {
    expect(readPersonaTools("<!-- tools: web_search, shell -->\nYou are rte.")).toEqual({
      system: "You are rte.",
      tools: ["web_search"],
    });
    expect(readPersonaTools("<!-- tools: none -->\nTerse.")).toEqual({ system: "Terse.", tools: [] });
    expect(readPersonaTools("You are rte.")).toEqual({ system: "You are rte." });
  });
});
