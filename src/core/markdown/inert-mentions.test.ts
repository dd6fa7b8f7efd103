import { describe, expect, it } from "vitest";
import { inertDiscordProse, inertSlackProse } from "./inert-mentions.js";
import { defaultCodeLines, renderAnswer } from "./render-answer.js";

/** Mentions made inert in an answer as a platform renders it, code left alone. */
const neutralizeSlackMentions = (markdown: string) =>
  renderAnswer(markdown, { ...defaultCodeLines, limit: 12_000, transform: inertSlackProse }).messages.join(
    "\n\n",
  );
const neutralizeDiscordMentions = (markdown: string) =>
  renderAnswer(markdown, { ...defaultCodeLines, limit: 2_000, transform: inertDiscordProse }).messages.join(
    "\n\n",
  );

const zeroWidthSpace = "\u200B";

describe("neutralizeSlackMentions", () => {
  it("escapes the special <…> forms with Slack's entities", () => {
    expect(neutralizeSlackMentions("Hey <!here> and <!channel>, <!everyone>")).toBe(
      "Hey &lt;!here&gt; and &lt;!channel&gt;, &lt;!everyone&gt;",
    );
    expect(neutralizeSlackMentions("ping <!subteam^S012AB|@oncall> or <@U123ABC> or <@W99|bob>")).toBe(
      "ping &lt;!subteam^S012AB|@oncall&gt; or &lt;@U123ABC&gt; or &lt;@W99|bob&gt;",
    );
    expect(neutralizeSlackMentions("<!here|here>")).toBe("&lt;!here|here&gt;");
  });

  it("breaks bare broadcast keywords with a zero-width space, whatever their case", () => {
    expect(neutralizeSlackMentions("@here look, @Channel, (@everyone)")).toBe(
      `@${zeroWidthSpace}here look, @${zeroWidthSpace}Channel, (@${zeroWidthSpace}everyone)`,
    );
  });

  it("can run twice without escaping twice", () => {
    const once = neutralizeSlackMentions("<!here> @channel <@U1>");
    expect(neutralizeSlackMentions(once)).toBe(once);
  });

  it("leaves look-alikes that are not mentions", () => {
    const text = "mail me at ops@here.com, see @hereafter, <#C123> and <https://example.com|docs>";
    expect(neutralizeSlackMentions(text)).toBe(text);
    expect(neutralizeSlackMentions("> quoted & <b>bold</b> a < b > c")).toBe(
      "> quoted & <b>bold</b> a < b > c",
    );
  });

  it("leaves mentions inside fenced and inline code alone, so copied code is unchanged", () => {
    const fenced = "```sh\ncurl -d 'text=<!here> @channel' $HOOK\n```";
    expect(neutralizeSlackMentions(fenced)).toBe(fenced);
    expect(neutralizeSlackMentions("Send `<!channel>` or ``@here ` x`` but not <!channel>")).toBe(
      "Send `<!channel>` or ``@here ` x`` but not &lt;!channel&gt;",
    );
  });

  it("treats a stray backtick as prose, so it cannot shield a mention further on", () => {
    expect(neutralizeSlackMentions("a ` b <!here>\n\nlater `code`")).toBe(
      "a ` b &lt;!here&gt;\n\nlater `code`",
    );
  });

  it("treats text after a closed fence as prose, and an unclosed fence as code to the end", () => {
    expect(neutralizeSlackMentions("```\n<!here>\n```\n<!here>")).toBe("```\n<!here>\n```\n\n&lt;!here&gt;");
    expect(neutralizeSlackMentions("```\n<!here>")).toBe("```\n<!here>\n```");
  });

  it("leaves ~~~, indented and list-nested code alone too: every renderer shows it as a ``` fence now", () => {
    expect(neutralizeSlackMentions("~~~\n<!here>\n~~~")).toBe("```\n<!here>\n```");
    expect(neutralizeSlackMentions("Look:\n\n    echo <!here>")).toBe("Look:\n\n```\necho <!here>\n```");
    expect(neutralizeSlackMentions("1. Run:\n   ```sh\n   echo <!here>\n   ```")).toBe(
      "1. Run:\n\n```sh\necho <!here>\n```",
    );
  });
});

describe("neutralizeDiscordMentions", () => {
  it("breaks @everyone, @here and user and role mentions", () => {
    expect(neutralizeDiscordMentions("@everyone @here <@123> <@!456> <@&789>")).toBe(
      [
        `@${zeroWidthSpace}everyone`,
        `@${zeroWidthSpace}here`,
        `<@${zeroWidthSpace}123>`,
        `<@${zeroWidthSpace}!456>`,
        `<@${zeroWidthSpace}&789>`,
      ].join(" "),
    );
  });

  it("leaves code, channel links, emoji and e-mail addresses alone", () => {
    const text = "```js\nmessage.reply('@everyone <@123>')\n```\n\n`@here` <#123> <:wave:456> a@everyone.io";
    expect(neutralizeDiscordMentions(text)).toBe(text);
  });

  it("shows ~~~ blocks as ``` fences, the only ones Discord renders, their content untouched", () => {
    expect(neutralizeDiscordMentions("~~~\n@everyone\n~~~")).toBe("```\n@everyone\n```");
  });
});
