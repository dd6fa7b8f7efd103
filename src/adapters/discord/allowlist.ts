import type { ConversationRef } from "../../core/ask.js";

/**
 * RTE_ALLOWED_CHANNELS for Discord: a channel id (a thread counts as its parent channel), a guild id, or
 * `@me` for DMs. Empty allows everything. Checked at the edge, before admission, so that outside the list
 * the bot stays silent instead of answering "not enabled here" in a channel it was never invited to.
 */
export function createAllowlist(ids: readonly string[]) {
  const allowed = new Set(ids);
  return (place: Pick<ConversationRef, "workspace" | "channel">): boolean =>
    allowed.size === 0 || allowed.has(place.channel) || allowed.has(place.workspace);
}

export type Allowlist = ReturnType<typeof createAllowlist>;
