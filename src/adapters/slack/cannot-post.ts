import { isSlackError } from "./slack-client.js";

/**
 * What the asker is told, privately, when the bot could not post their question into a conversation. The
 * slash command and the message shortcut share it so that both name the same fix for the same Slack error.
 */
export function cannotPostQuestion(error: unknown): string {
  if (isSlackError(error, "not_in_channel", "channel_not_found")) {
    return "I'm not in this conversation, so I can't answer here. Add me with `/invite @rte`, then try again.";
  }
  if (isSlackError(error, "is_archived")) return "This channel is archived, so I can't answer here.";
  return "I couldn't post your question here just now. Please try again in a minute.";
}
