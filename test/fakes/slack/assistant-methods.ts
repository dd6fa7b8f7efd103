import {
  type MethodArgs,
  type MethodTable,
  optionalArray,
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

function setTitleOrPrompts(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "channel_id", "channel_not_found");
  return {};
}

export const assistantMethods: MethodTable = {
  "assistant.threads.setStatus": setStatus,
  "assistant.threads.setTitle": setTitleOrPrompts,
  "assistant.threads.setSuggestedPrompts": setTitleOrPrompts,
};
