/**
 * `node dist-bench/bench/micro/render-answer.js [rounds]`: the CPU time to render one of the benchmark's
 * 6,000-character answers for Slack (the final render of every answer, the worker's largest piece of
 * Markdown work), and its parts: the outline from markdown-it (the path answers take), from micromark
 * (the reference, and what every answer took before), and closing an open fence mid-stream. Each is run
 * over 50 different answers, after a warm-up, single-threaded; milliseconds per answer.
 */
import { renderSlackMarkdown } from "../../src/adapters/slack/slack-format.js";
import { outlineFromMarkdownIt } from "../../src/core/markdown/outline-from-markdown-it.js";
import { outlineFromMdast } from "../../src/core/markdown/outline-from-mdast.js";
import { closeOpenFence } from "../../src/core/markdown/parse-markdown.js";
import { composeAnswer } from "../fakes/answers.js";

const rounds = Number(process.argv[2] ?? 400);
const answers = Array.from({ length: 50 }, (_, seed) => composeAnswer(seed, 6_000));
const halves = answers.map((answer) => answer.slice(0, Math.floor(answer.length / 2)));

function measure(label: string, inputs: string[], work: (markdown: string) => unknown): void {
  for (let index = 0; index < 100; index++) work(inputs[index % inputs.length] as string);
  const started = process.cpuUsage();
  for (let index = 0; index < rounds; index++) work(inputs[index % inputs.length] as string);
  const { user, system } = process.cpuUsage(started);
  console.log(`${label.padEnd(44)} ${((user + system) / 1000 / rounds).toFixed(3)} ms`);
}

measure("renderSlackMarkdown (6,000 characters)", answers, renderSlackMarkdown);
measure("  outline by markdown-it", answers, outlineFromMarkdownIt);
measure("  outline by micromark (the reference)", answers, outlineFromMdast);
measure("closeOpenFence (3,000 characters, mid-stream)", halves, closeOpenFence);
