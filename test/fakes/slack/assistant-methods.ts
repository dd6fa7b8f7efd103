import {
  type MethodArgs,
  type MethodTable,
  optionalArray,
  optionalString,
  requiredString,
  SlackMethodError,
} from "./method.js";

/**
 * assistant.threads.* (docs.slack.dev/reference/methods/assistant.threads.setStatus). Nothing is kept in
 * state: a status is transient (Slack clears it after two minutes or on the next reply); assert on calls.
 */
function setStatus(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "channel_id", "channel_not_found");
  requiredString(args, "thread_ts");
  if (typeof args.status !== "string") requiredString(args, "status");
  const loadingMessages = optionalArray(args, "loading_messages");
  if (loadingMessages !== undefined && loadingMessages.length > 10)
    throw new SlackMethodError("invalid_arguments");
  return {};
}

function setTitle(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "channel_id", "channel_not_found");
  return {};
}

/**
 * "Up to four suggested prompts", each with a `title` and a `message`; `thread_ts` is optional under the
 * agent view (docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts).
 */
function setSuggestedPrompts(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "channel_id", "channel_not_found");
  const prompts = optionalArray(args, "prompts");
  if (prompts === undefined || prompts.length === 0 || prompts.length > 4)
    throw new SlackMethodError("invalid_arguments");
  for (const prompt of prompts) {
    const { title, message } = (prompt ?? {}) as { title?: unknown; message?: unknown };
    if (typeof title !== "string" || title === "" || typeof message !== "string" || message === "")
      throw new SlackMethodError("invalid_arguments");
  }
  return {};
}

const sessionStatuses = new Set(["active", "processing", "suspended", "closed"]);

/** agents.sessions.setStatus / rename (@slack/web-api 8.2 `AgentsSessionsSetStatusArguments`). */
function setSessionStatus(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "channel_id", "channel_not_found");
  const status = requiredString(args, "status");
  if (!sessionStatuses.has(status)) throw new SlackMethodError("invalid_arguments");
  const title = optionalString(args, "title");
  if (title !== undefined && title.length > 200) throw new SlackMethodError("invalid_arguments");
  return {};
}

function renameSession(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "channel_id", "channel_not_found");
  const title = requiredString(args, "title");
  if (title.length > 200) throw new SlackMethodError("invalid_arguments");
  return {};
}

export const assistantMethods: MethodTable = {
  "assistant.threads.setStatus": setStatus,
  "assistant.threads.setTitle": setTitle,
  "assistant.threads.setSuggestedPrompts": setSuggestedPrompts,
  "agents.sessions.setStatus": setSessionStatus,
  "agents.sessions.rename": renameSession,
};
