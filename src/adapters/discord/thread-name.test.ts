import { describe, expect, it } from "vitest";
import { threadName } from "./thread-name.js";

describe("threadName", () => {
  it("uses the question's first line, as words", () => {
    expect(threadName("How do I scale **socket.io** past `one` node?\n\nMore context here.")).toBe(
      "How do I scale socket.io past one node?",
    );
  });

  it("drops mentions, markers and link targets", () => {
    expect(
      threadName("<@123456789012345678>\n> see [the docs](https://socket.io/docs) <#987654321098765432>"),
    ).toBe("see the docs");
  });

  it("cuts a long question at a word boundary within Discord's 100 characters", () => {
    const name = threadName(`${"word ".repeat(40)}end`);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/^word( word)+…$/);
  });

  it("has a name for a question with no words", () => {
    expect(threadName("```\n```")).toBe("Question for rte");
    expect(threadName("```ts\nio.adapter(createAdapter())\n```")).toBe("io.adapter(createAdapter())");
    expect(threadName("")).toBe("Question for rte");
  });
});
