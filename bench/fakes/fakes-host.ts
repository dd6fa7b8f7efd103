/**
 * A process of its own holding the test bed's fake Anthropic (paced like Claude) and fake Slack Web API, so
 * their work never shares an event loop with the bot under test or with the load client. Started by
 * `startFakes()` with its options as JSON in argv; answers requests over IPC (see `fakes-client.ts`).
 */
import { startFakeAnthropic } from "../../test/fakes/fake-anthropic.js";
import { startFakeSlack } from "../../test/fakes/fake-slack.js";
import { findQuestionId, seedOf } from "../load/questions.js";
import { announceReady, answerRequests } from "../process/ipc.js";
import { composeAnswer } from "./answers.js";
import type { FakesOptions, FakesReport, ModelAnswer, SeedRoot } from "./fakes-protocol.js";
import { createThreadTracker } from "./thread-tracker.js";

const options = JSON.parse(process.argv[2] ?? "{}") as FakesOptions;
const tracker = createThreadTracker();
const modelRequests = new Map<string, number>();
/** Questions seeded with an answer length of their own. */
const lengths = new Map<string, number>();

/** ±variation around the target length, the same for the same seed. */
function answerLength(seed: number): number {
  const spread = ((seed * 7_919) % 101) / 100 - 0.5; // -0.5 … 0.5
  return Math.round(options.answerCharacters * (1 + 2 * options.answerVariation * spread));
}

const started = (async () => {
  const anthropic = await startFakeAnthropic({
    apiKey: options.anthropicApiKey,
    timeToFirstTokenMs: options.timeToFirstTokenMs,
    tokensPerSecond: options.tokensPerSecond,
  });
  anthropic.respondWith((request) => {
    const questionId = findQuestionId(JSON.stringify(request.body?.messages ?? ""));
    if (questionId === undefined) return undefined;
    modelRequests.set(questionId, (modelRequests.get(questionId) ?? 0) + 1);
    const length = lengths.get(questionId) ?? answerLength(seedOf(questionId));
    const text = composeAnswer(seedOf(questionId), length);
    tracker.expectAnswer(questionId, text);
    return { kind: "answer", text };
  });
  const slack = await startFakeSlack({ botToken: options.slackBotToken });
  slack.onCall((call, response) => tracker.observe(call, response));
  return { anthropic, slack };
})();

function modelAnswers(fakes: Awaited<typeof started>): ModelAnswer[] {
  return fakes.anthropic.messageRequests().flatMap((request) => {
    const questionId = findQuestionId(JSON.stringify(request.body?.messages ?? ""));
    if (questionId === undefined) return [];
    return [
      {
        questionId,
        receivedAt: request.receivedAt,
        ...(request.firstTokenAt === undefined ? {} : { firstTokenAt: request.firstTokenAt }),
        ...(request.finishedAt === undefined ? {} : { finishedAt: request.finishedAt }),
        stream: request.body?.stream === true,
      },
    ];
  });
}

answerRequests({
  async urls() {
    const { anthropic, slack } = await started;
    return {
      anthropicUrl: anthropic.url,
      slackUrl: slack.url,
      botUserId: slack.botUserId,
      teamId: slack.teamId,
    };
  },
  async seed(payload) {
    const { slack } = await started;
    for (const root of payload as SeedRoot[]) {
      slack.addMessage({ channel: root.channel, ts: root.ts, user: root.user, text: root.text });
      tracker.register({ channel: root.channel, ts: root.ts, questionId: root.questionId });
      if (root.answerCharacters !== undefined) lengths.set(root.questionId, root.answerCharacters);
    }
    return true;
  },
  async progress() {
    const { slack, anthropic } = await started;
    // The tracker keeps what the report needs; the fake's own call log would only grow.
    slack.calls.length = 0;
    return { completed: tracker.completed(), modelRequests: anthropic.messageRequests().length };
  },
  async report(): Promise<FakesReport> {
    const fakes = await started;
    return { ...tracker.summary(), modelAnswers: modelAnswers(fakes) };
  },
});

announceReady();

process.on("disconnect", () => {
  void started.then(async ({ anthropic, slack }) => {
    await Promise.all([anthropic.close(), slack.close()]);
    process.exit(0);
  });
});
