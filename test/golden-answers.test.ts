import { describe, expect, it } from "vitest";
import { messageLimit, renderForDiscord } from "../src/adapters/discord/discord-render.js";
import {
  renderSlackMarkdown,
  slackMarkdownLimit,
  slackPlainText,
} from "../src/adapters/slack/slack-format.js";
import { goldenAnswers } from "./fixtures/answers/golden-answers.js";
import { deliveryProblems, liveMentions } from "./support/answer-checks.js";

const platforms = [
  { name: "discord", render: renderForDiscord, limit: messageLimit, liveMention: liveMentions.discord },
  { name: "slack", render: renderSlackMarkdown, limit: slackMarkdownLimit, liveMention: liveMentions.slack },
];

describe.each(platforms)("the golden answers, as $name renders them", (platform) => {
  it.each(goldenAnswers)(
    "$name: every code block whole, fences balanced, within limits, nothing live",
    (answer) => {
      const rendered = platform.render(answer.markdown);
      expect(deliveryProblems(answer, rendered, platform)).toEqual([]);
      // No ~~~ fence or indented block is left for a renderer that shows only ``` fences.
      for (const message of rendered.messages) expect(message).not.toMatch(/^\s*~~~/m);
    },
  );
});

describe("the shapes each platform gets", () => {
  it("attaches code holding ``` as a file, since no ``` fence can carry it", () => {
    const { messages, files } = renderForDiscord(find("a four-backtick fence"));
    expect(files).toEqual([
      expect.objectContaining({
        name: "snippet-1.md",
        content: "## Running locally\n\n```bash\nnpm ci && npm run dev\n```\n",
      }),
    ]);
    expect(messages.join("\n")).toContain("attached as `snippet-1.md`");
  });

  it("sends a line longer than a Discord message as a file, and keeps it inline on Slack", () => {
    const discord = renderForDiscord(find("a base64 line"));
    expect(discord.files.map((file) => file.name)).toEqual(["snippet-1.txt"]);
    expect(discord.messages.join("\n")).not.toContain("```\n");
    expect(renderSlackMarkdown(find("a base64 line")).files).toEqual([]);
  });

  it("dedents code nested in a list and shows it as a fence at the start of a line", () => {
    const text = renderForDiscord(find("code nested in list items")).messages.join("\n");
    expect(text).toContain("```python\ndef on_connect(sid):\n    if not authorized(sid):\n");
    expect(text).toContain("2. Wire it up:");
  });

  it("turns headings deeper than ### into bold on Discord only", () => {
    const answer = find("deep headings");
    expect(renderForDiscord(answer).messages[0]).toMatch(/^## Plan\n\n\*\*Step one\*\*\n\n\*\*Step two\*\*/);
    expect(renderSlackMarkdown(answer).messages[0]).toContain("#### Step one");
  });

  it("makes tables bullets, cells keeping their code", () => {
    const text = renderSlackMarkdown(find("a table")).messages.join("\n");
    expect(text).toContain("- **WebSocket** — Fallback: `a || b` · Notes: lowest latency");
    expect(text).toContain("- **SSE** — Fallback: long-polling · Notes: server to client");
  });

  it("splits emoji prose between messages without breaking an emoji", () => {
    const { messages } = renderForDiscord(find("emoji"));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages)
      expect(message).not.toMatch(/[\uD800-\uDBFF]$|^(?:[\uDC00-\uDFFF]|\u200D|[\u{1F3FB}-\u{1F3FF}])/u);
  });
});

describe("Slack's text fallback", () => {
  it("escapes &, < and > and leaves no mention live", () => {
    const [message = ""] = renderSlackMarkdown(find("mentions")).messages;
    const text = slackPlainText(message);
    expect(text).not.toMatch(/<|>/);
    expect(text).toContain("&lt;!here&gt;");
    expect(text).not.toContain("&amp;lt;");
    expect(slackPlainText("Map<string, Set<WebSocket>> & <script>")).toBe(
      "Map&lt;string, Set&lt;WebSocket&gt;&gt; &amp; &lt;script&gt;",
    );
  });

  it("cuts before escaping, so no entity is cut in half", () => {
    expect(slackPlainText("a<b".repeat(200), 300)).toMatch(/^(a&lt;b)+a?(&lt;)?…$/);
  });
});

function find(name: string): string {
  return goldenAnswers.find((answer) => answer.name.startsWith(name))?.markdown ?? "";
}
