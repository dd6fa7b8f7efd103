/** Slack shows at most four suggested prompts (docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts). */
export const maxSuggestedPrompts = 4;
/** A prompt's title is a button label: a few words. */
const titleLength = 40;

export interface SuggestedPrompt {
  title: string;
  message: string;
}

/** Used when a persona lists no strengths rte can read (a custom persona written as prose). */
const fallback: SuggestedPrompt[] = [
  {
    title: "Scale socket.io",
    message: "How do I scale socket.io past one node without losing messages?",
  },
];

/**
 * The prompts offered when someone opens rte's messages tab, drawn from the persona's strengths: the
 * "- topic: details" bullets it lists under "What you know best". Each becomes a button titled after the
 * topic that asks about it, so the prompts change when the persona does.
 */
export function suggestedPrompts(persona: string): SuggestedPrompt[] {
  const prompts = persona
    .split("\n")
    .flatMap((line) => {
      const bullet = /^- ([^:\n]{3,80}): (.+)$/.exec(line.trim());
      return bullet?.[1] && bullet[2] ? [{ topic: bullet[1].trim(), details: bullet[2].trim() }] : [];
    })
    .slice(0, maxSuggestedPrompts)
    .map(({ topic, details }) => ({
      title: topic.length > titleLength ? `${topic.slice(0, titleLength - 1)}…` : topic,
      message: `What should I get right with ${lowerFirst(topic)}? I'm thinking of ${firstItems(details)}.`,
    }));
  return prompts.length > 0 ? prompts : fallback;
}

/** The first two items of a bullet's list, for a prompt that reads like a person wrote it. */
function firstItems(details: string): string {
  const items = details.split(/,\s*/).slice(0, 2);
  return items.join(" and ").replace(/[.:;]$/, "");
}

function lowerFirst(text: string): string {
  // "Live chat" reads as "live chat" mid-sentence; "socket.io" and acronyms stay as written.
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}
