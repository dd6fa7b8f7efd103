import type { Turn } from "./ask.js";

export interface PromptBudget {
  /** Rough ceiling for the conversation part of the prompt, in tokens (estimated at 4 characters each). */
  maxContextTokens: number;
}

export interface BuiltPrompt {
  turns: Turn[];
  /** How many of the oldest turns were left out to stay within the budget. */
  omittedTurns: number;
}

const charactersPerToken = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}

/**
 * Turns a conversation into the turns the model sees: other people's messages attributed, consecutive turns
 * of one role merged (the Messages API wants them alternating, starting with the user), and the oldest turns
 * dropped when the conversation outgrows the budget. The question (the last turn) is always kept.
 */
export function buildPrompt(conversation: Turn[], budget: PromptBudget): BuiltPrompt {
  // Empty turns (a message that reads back empty) go before attribution, or they reach Claude as "[alice]: ".
  const attributed = conversation
    .filter((turn) => turn.text.trim() !== "" || turn.attachments)
    .map(attribute);
  const kept: Turn[] = [];
  let tokens = 0;
  for (let index = attributed.length - 1; index >= 0; index--) {
    const turn = attributed[index] as Turn;
    const cost = estimateTokens(turn.text) + attachmentTokens(turn);
    if (kept.length > 0 && tokens + cost > budget.maxContextTokens) break;
    kept.unshift(turn);
    tokens += cost;
  }
  const omittedTurns = attributed.length - kept.length;
  const merged = mergeConsecutive(dropLeadingAssistantTurns(kept));
  if (omittedTurns > 0 && merged[0]) {
    merged[0] = {
      ...merged[0],
      text: `(Earlier messages in this thread were left out to fit the context budget. If the answer depends on them, say so briefly.)\n\n${merged[0].text}`,
    };
  }
  return { turns: merged, omittedTurns };
}

/** An image costs about 1,600 tokens once the API has scaled it (docs.claude.com/en/docs/build-with-claude/vision). */
const imageTokens = 1_600;

/** Files count against the budget too: a 100 KB log is 25,000 tokens. */
function attachmentTokens(turn: Turn): number {
  let tokens = 0;
  for (const attachment of turn.attachments ?? []) {
    if (attachment.base64 !== undefined) tokens += imageTokens;
    else tokens += estimateTokens(attachment.text ?? attachment.name);
  }
  return tokens;
}

function attribute(turn: Turn): Turn {
  if (turn.role !== "user" || !turn.author) return turn;
  // A message that is only files reads as who sent them, not as a bare "[alice]: ".
  if (turn.text.trim() === "") {
    const count = turn.attachments?.length ?? 0;
    return { ...turn, text: `[${turn.author}] attached ${count === 1 ? "a file" : `${count} files`}.` };
  }
  return { ...turn, text: `[${turn.author}]: ${turn.text}` };
}

function dropLeadingAssistantTurns(turns: Turn[]): Turn[] {
  const firstUser = turns.findIndex((turn) => turn.role === "user");
  return firstUser === -1 ? [] : turns.slice(firstUser);
}

function mergeConsecutive(turns: Turn[]): Turn[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    const previous = merged.at(-1);
    if (previous && previous.role === turn.role) {
      const attachments = [...(previous.attachments ?? []), ...(turn.attachments ?? [])];
      merged[merged.length - 1] = {
        ...previous,
        text: `${previous.text}\n\n${turn.text}`,
        ...(attachments.length > 0 ? { attachments } : {}),
      };
    } else {
      merged.push(turn);
    }
  }
  return merged;
}
