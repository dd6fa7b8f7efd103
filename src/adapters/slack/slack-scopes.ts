/**
 * What rte asks Slack for, in one place: `slack-manifest.yaml` lists the same (a test keeps them equal)
 * and `rte doctor` checks an installed token against it.
 */
export const botScopes = [
  "app_mentions:read", // app_mention events
  "channels:history", // message.channels: thread follow-ups; conversations.replies in public channels
  "groups:history", // the same in private channels
  "im:history", // message.im: DMs
  "mpim:history", // message.mpim: group DMs
  "chat:write", // answers, edits, streams and the thread status (assistant.threads.setStatus)
  "commands", // /rte
  "reactions:write", // the working indicator where thread status is not available
  "files:write", // long code blocks attached to the thread as snippets
  "files:read", // url_private of files shared with a question (slack-files.ts)
  "assistant:write", // agent view: suggested prompts (assistant.threads.setSuggestedPrompts), agent sessions
  "channels:read", // the name and topic of the channel someone looks at (conversations.info)
  "groups:read", // the same for private channels
] as const;

export const botEvents = [
  "app_mention",
  "message.channels",
  "message.groups",
  "message.im",
  "message.mpim",
  "app_home_opened", // the messages tab opening: suggested prompts
  "app_context_changed", // what the person is looking at, for the prompt
  "agent_session_stopped", // Slack's native Stop under a streamed answer
] as const;
