import {
  type MethodArgs,
  type MethodContext,
  type MethodTable,
  requiredString,
  SlackMethodError,
} from "./method.js";
import type { SlackMessage } from "./types.js";

interface ReactionTarget {
  message: SlackMessage;
  name: string;
}

// docs.slack.dev/reference/methods/reactions.add: `name` without colons, on `channel` + `timestamp`.
function target(args: MethodArgs, { state }: MethodContext): ReactionTarget {
  const channel = requiredString(args, "channel", "channel_not_found");
  const timestamp = requiredString(args, "timestamp", "message_not_found");
  const name = requiredString(args, "name", "invalid_name");
  const message = state.find(channel, timestamp);
  if (message === undefined) throw new SlackMethodError("message_not_found");
  return { message, name };
}

function add(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const { message, name } = target(args, context);
  const user = context.identity.botUserId;
  const reactions = message.reactions ?? [];
  const reaction = reactions.find((existing) => existing.name === name);
  if (reaction?.users.includes(user)) throw new SlackMethodError("already_reacted");
  if (reaction === undefined) reactions.push({ name, users: [user], count: 1 });
  else {
    reaction.users.push(user);
    reaction.count += 1;
  }
  message.reactions = reactions;
  return {};
}

function remove(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const { message, name } = target(args, context);
  const user = context.identity.botUserId;
  const reaction = message.reactions?.find((existing) => existing.name === name);
  if (reaction === undefined || !reaction.users.includes(user)) throw new SlackMethodError("no_reaction");
  reaction.users = reaction.users.filter((existing) => existing !== user);
  reaction.count -= 1;
  message.reactions = (message.reactions ?? []).filter((existing) => existing.count > 0);
  return {};
}

export const reactionMethods: MethodTable = {
  "reactions.add": add,
  "reactions.remove": remove,
};
