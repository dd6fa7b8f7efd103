/** What the benchmark and its fakes host say to each other over IPC. */
import type { TrackerSummary } from "./thread-tracker.js";

export interface FakesOptions {
  anthropicApiKey: string;
  slackBotToken: string;
  /** The fake model's pace: Claude-like defaults are about 600 ms and 80 tokens/s. */
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  /** Typical answer length; each answer differs from it by up to ±`answerVariation` (a fraction). */
  answerCharacters: number;
  answerVariation: number;
}

/** A human's top-level message the benchmark then mentions the bot in: the root of one thread. */
export interface SeedRoot {
  channel: string;
  ts: string;
  user: string;
  text: string;
  questionId: string;
  /** This question's answer length, instead of the session's (a short answer asked alone). */
  answerCharacters?: number;
}

/** One request to the fake model, with the moments the benchmark subtracts ("the model's own time"). */
export interface ModelAnswer {
  questionId: string;
  receivedAt: number;
  firstTokenAt?: number;
  finishedAt?: number;
  stream: boolean;
}

export interface FakesUrls {
  anthropicUrl: string;
  slackUrl: string;
  botUserId: string;
  teamId: string;
}

export interface FakesProgress {
  completed: number;
  modelRequests: number;
}

export interface FakesReport extends TrackerSummary {
  modelAnswers: ModelAnswer[];
}
