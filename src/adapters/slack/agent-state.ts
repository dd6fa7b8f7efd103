import type { SharedState } from "../../core/shared-state.js";

/**
 * Someone looks at one channel or message for minutes, not hours: after this the context is stale and a
 * question should not be read in its light.
 */
const viewingTtlSeconds = 30 * 60;
/** Longer than any answer runs (a stream lives about five minutes), so a Stop always finds its question. */
const sessionTtlSeconds = 3_600;

/**
 * What a person in Slack's agent view is looking at (`app_context_changed`), as one sentence for the prompt,
 * kept per workspace and person for a short while. Plain text only; nothing secret.
 */
export function createViewingContexts(state: Pick<SharedState, "cache">) {
  const contexts = state.cache<string>("slack:viewing", viewingTtlSeconds);
  return {
    remember: (team: string, user: string, description: string) =>
      contexts.set(`${team}:${user}`, description),
    forget: (team: string, user: string) => contexts.delete(`${team}:${user}`),
    read: (team: string, user: string) => contexts.get(`${team}:${user}`),
  };
}

export type ViewingContexts = ReturnType<typeof createViewingContexts>;

/**
 * The question being answered in each agent session (a DM thread), so `agent_session_stopped`, which names
 * only the channel and thread, reaches the right answer through the stop requests any worker listens to.
 */
export function createSessionAsks(state: Pick<SharedState, "cache">) {
  const sessions = state.cache<string>("slack:session", sessionTtlSeconds);
  return {
    remember: (channel: string, threadTs: string, askId: string) =>
      sessions.set(`${channel}:${threadTs}`, askId),
    latest: (channel: string, threadTs: string) => sessions.get(`${channel}:${threadTs}`),
  };
}

export type SessionAsks = ReturnType<typeof createSessionAsks>;
