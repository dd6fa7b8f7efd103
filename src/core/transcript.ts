import type { ConversationRef, Turn } from "./ask.js";

/**
 * What the bot has seen and said in each conversation. Platforms ration history reads (Slack allows apps
 * outside its Marketplace one conversations.replies call a minute), so adapters read the platform only for
 * what this lacks. It leaves out anything the platform is the truth for: edits and deletions show up only
 * when the platform is read again.
 */
export interface Transcript {
  read(conversation: ConversationRef): Promise<Turn[]>;
  append(conversation: ConversationRef, turns: Turn[]): Promise<void>;
}
