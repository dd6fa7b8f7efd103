/**
 * Questions people ask rte, one per answer topic, each tagged with the benchmark's question id. The tag
 * travels with the question into the model request, which is how the fake model picks the answer and how
 * the benchmark ties a Claude request to its Slack thread.
 */
const questions = [
  "We run socket.io on one node and need three for the launch. How do we scale past one node without losing rooms?",
  "Our live auction gets two winning bids for the same item when people bid in the last second. How do we make bidding safe?",
  "How should we send nearby drivers' positions to riders in real time without broadcasting every update to everyone?",
  "Outbid notifications sometimes arrive twice or an hour late. What's the right way to send push notifications?",
  "After every deploy our WebSocket clients reconnect at once and the servers fall over. How do we reconnect properly?",
];

const tagPattern = /\[bench:([A-Za-z0-9-]+)\]/g;

/** A question id: the scenario's tag and the question's number, which is also its answer's seed. */
export function questionId(tag: string, index: number): string {
  return `${tag}-${index}`;
}

export function seedOf(id: string): number {
  return Number(id.slice(id.lastIndexOf("-") + 1)) || 0;
}

/** The question for `seed` (same topic as `composeAnswer(seed, …)`), tagged with `id`. */
export function questionText(seed: number, id: string): string {
  return `${questions[seed % questions.length]} [bench:${id}]`;
}

/** The last benchmark id in a text (a model request carries the whole thread; the question is last). */
export function findQuestionId(text: string): string | undefined {
  let found: string | undefined;
  for (const match of text.matchAll(tagPattern)) found = match[1];
  return found;
}
