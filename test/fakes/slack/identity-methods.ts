import {
  type MethodArgs,
  type MethodContext,
  type MethodTable,
  requiredString,
  SlackMethodError,
} from "./method.js";

// docs.slack.dev/reference/methods/auth.test: Bolt reads user_id / bot_id from it at start-up.
function authTest(_args: MethodArgs, { identity }: MethodContext): Record<string, unknown> {
  return {
    url: "https://fake-workspace.slack.com/",
    team: "Fake Workspace",
    user: "rte",
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
}

// docs.slack.dev/reference/methods/users.info: any U…/W… ID exists; the bot's own ID is a bot.
function usersInfo(args: MethodArgs, { identity }: MethodContext): Record<string, unknown> {
  const id = requiredString(args, "user", "user_not_found");
  if (!/^[UW][A-Z0-9]+$/.test(id)) throw new SlackMethodError("user_not_found");
  const isBot = id === identity.botUserId;
  const name = isBot ? "rte" : `user-${id.toLowerCase()}`;
  const realName = isBot ? "rte" : `User ${id}`;
  return {
    user: {
      id,
      team_id: identity.teamId,
      name,
      deleted: false,
      real_name: realName,
      tz: "Etc/UTC",
      is_bot: isBot,
      is_app_user: false,
      profile: {
        real_name: realName,
        display_name: name,
        ...(isBot ? { bot_id: identity.botId } : {}),
        team: identity.teamId,
      },
    },
  };
}

// Socket Mode needs an app-level (xapp-) token; the fake knows only the bot token and has no socket.
function connectionsOpen(): Record<string, unknown> {
  throw new SlackMethodError("not_allowed_token_type");
}

export const identityMethods: MethodTable = {
  "auth.test": authTest,
  "users.info": usersInfo,
  "apps.connections.open": connectionsOpen,
};
