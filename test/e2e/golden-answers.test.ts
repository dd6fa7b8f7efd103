import { afterEach, describe, expect, it } from "vitest";
import { messageLimit } from "../../src/adapters/discord/discord-render.js";
import { slackMarkdownLimit } from "../../src/adapters/slack/slack-format.js";
import { goldenAnswers } from "../fixtures/answers/golden-answers.js";
import { slackEvent } from "../fixtures/slack/fixtures.js";
import { deliveryProblems, liveMentions } from "../support/answer-checks.js";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

/**
 * The golden answers through the whole pipeline: the fake Claude serves each one verbatim, the worker
 * streams it to the fake platform, and what the platform recorded (messages and uploaded files) is judged.
 */
describe("golden answers, end to end", () => {
  let discord: DiscordHarness | undefined;
  let slack: SlackHarness | undefined;
  afterEach(async () => {
    await discord?.close();
    await slack?.close();
    discord = slack = undefined;
  });

  it("reach Discord with every code block whole, as a block or a file", async () => {
    discord = await startDiscordHarness();
    const harness = discord;
    const problems: Record<string, string[]> = {};
    for (const [index, answer] of goldenAnswers.entries()) {
      harness.anthropic.enqueue({ kind: "answer", text: answer.markdown });
      const question = await harness.discord.userSays({
        content: `<@${harness.discord.botUserId}> question ${index}`,
      });
      await harness.answered(index + 1);
      const messages = harness.botMessages(question.id).map((message) => message.content);
      const files = harness.discord
        .callsTo("POST", new RegExp(`^/channels/${question.id}/messages$`))
        .flatMap((call) =>
          call.files.map((file) => ({ name: file.filename, content: file.data.toString() })),
        );
      problems[answer.name] = deliveryProblems(
        answer,
        { messages: messages.filter((message) => message !== ""), files },
        { limit: messageLimit, liveMention: liveMentions.discord },
      );
    }
    expect(problems).toEqual(Object.fromEntries(goldenAnswers.map((answer) => [answer.name, []])));
  });

  it("reach Slack with every code block whole, and an escaped, inert text fallback", async () => {
    slack = await startSlackHarness();
    const harness = slack;
    const problems: Record<string, string[]> = {};
    let fallbacks = 0;
    for (const [index, answer] of goldenAnswers.entries()) {
      harness.anthropic.enqueue({ kind: "answer", text: answer.markdown });
      const ts = `1715001${String(index).padStart(3, "0")}.000100`;
      const mention = slackEvent("app-mention", { ts, event_ts: ts, client_msg_id: `golden-${index}` });
      harness.seed(mention);
      await harness.postEvent(mention);
      await harness.answers(index + 1);
      const uploads = harness.slack
        .callsTo("files.completeUploadExternal")
        .filter((call) => call.args.thread_ts === ts);
      const files = uploads.flatMap((call) =>
        (call.args.files as Array<{ id: string }>).map((file) => ({
          name: file.id,
          content: harness.slack.fileContent(file.id)?.toString() ?? "",
        })),
      );
      const replies = harness.botReplies("C0CHANNEL", ts);
      problems[answer.name] = deliveryProblems(
        answer,
        { messages: harness.replyTexts("C0CHANNEL", ts), files },
        { limit: slackMarkdownLimit, liveMention: liveMentions.slack },
      );
      // The notification text beside the buttons: Slack reads it as mrkdwn, so nothing in it is markup.
      for (const reply of replies) {
        if (typeof reply.text !== "string") continue;
        fallbacks++;
        expect(reply.text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }
    }
    expect(fallbacks).toBeGreaterThanOrEqual(goldenAnswers.length);
    expect(problems).toEqual(Object.fromEntries(goldenAnswers.map((answer) => [answer.name, []])));
  });
});
