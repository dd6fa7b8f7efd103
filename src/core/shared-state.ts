import type { ConversationRef } from "./ask.js";
import type { UpdateBudget } from "./message-reply.js";

/**
 * What an adapter may keep across processes, as small capabilities rather than a database client: the
 * composition root builds them (on Redis today, see src/store) so an adapter never names a key or a
 * connection, and a test can hand it an in-memory one.
 */
export interface SharedState {
  /** Intermediate updates shared by every worker writing into one platform scope (a workspace, a channel). */
  updateBudget(scope: string, rate: UpdateBudgetRate): UpdateBudget;
  /** The first caller for an id wins for `ttlSeconds`; `scope` keeps one use's ids apart from another's. */
  claimOnce(scope: string, ttlSeconds: number): ClaimOnce;
  /** JSON values that expire, e.g. a thread's history read once from a rate-limited API. */
  cache<Value>(scope: string, ttlSeconds: number): ExpiringCache<Value>;
  /** Threads the bot takes part in, so follow-ups without a mention are answered only there. */
  joined: JoinedConversations;
}

export interface UpdateBudgetRate {
  /** Intermediate updates allowed per window across every worker. */
  updates: number;
  windowMs: number;
}

export interface ClaimOnce {
  /** True for the first caller for `id` until the claim expires or is released. */
  claim(id: string): Promise<boolean>;
  /** Gives the claim back, so a retry of a failed delivery can take it. */
  release(id: string): Promise<void>;
}

export interface ExpiringCache<Value> {
  get(id: string): Promise<Value | undefined>;
  set(id: string, value: Value): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface JoinedConversations {
  join(conversation: ConversationRef): Promise<void>;
  hasJoined(conversation: ConversationRef): Promise<boolean>;
}
