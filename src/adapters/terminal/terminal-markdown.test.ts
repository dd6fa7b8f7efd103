import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createAnswerPrinter } from "./terminal-markdown.js";

function capture() {
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { output, text: () => text };
}

const answer =
  "## Heartbeats\n\nSend one every **25 s**:\n\n```ts\nsetInterval(() => ws.ping(), 25_000);\n```\n\nDone.";

describe("createAnswerPrinter", () => {
  it("passes Markdown through untouched when piped", () => {
    const { output, text } = capture();
    const printer = createAnswerPrinter(output, false);
    for (const character of answer) printer.write(character);
    printer.end();
    expect(text()).toBe(answer);
  });

  it("renders Markdown for a person: no fences or bold markers, the code kept", () => {
    const { output, text } = capture();
    const printer = createAnswerPrinter(output, true);
    printer.write(answer);
    printer.end();
    expect(text()).toContain("setInterval(() => ws.ping(), 25_000);");
    expect(text()).not.toContain("```");
    expect(text()).not.toContain("**");
    expect(text()).toContain("Done.");
  });

  it("prints a block only once it is complete, so half-written code is never drawn", () => {
    const { output, text } = capture();
    const printer = createAnswerPrinter(output, true);
    printer.write("Intro.\n\n```ts\nconst a = 1;\n");
    expect(text()).toContain("Intro.");
    expect(text()).not.toContain("const a");
    printer.write("const b = 2;\n```\n\nAfter.");
    expect(text()).toContain("const b = 2;");
    printer.end();
    expect(text()).toContain("After.");
  });

  it("drops escape sequences the model wrote, so they cannot drive the terminal", () => {
    const { output, text } = capture();
    const printer = createAnswerPrinter(output, true);
    printer.write("Title\u001b]0;pwned\u0007 here");
    printer.end();
    expect(text()).not.toContain("\u001b]0;");
  });
});
