import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { SlackConfig } from "../../config.js";
import { errorMessage } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import type { DoctorCheck } from "../platform-module.js";
import { isSlackError, slackClientOptions } from "./slack-client.js";
import { botScopes } from "./slack-scopes.js";

/**
 * `rte doctor` for Slack: the bot token works (auth.test) and carries every scope rte needs (Slack lists a
 * token's scopes in the `x-oauth-scopes` header of each answer), and the chosen transport has what it needs.
 */
export async function diagnoseSlack(slack: SlackConfig): Promise<DoctorCheck[]> {
  const options = slackClientOptions({ apiUrl: slack.apiUrl, logger: silentLogger, role: "worker" });
  const client = new WebClient(slack.botToken, options);
  const checks: DoctorCheck[] = [];
  let scopes: string[] | undefined;
  try {
    const auth = await client.auth.test();
    scopes = auth.response_metadata?.scopes;
    checks.push({
      name: "slack",
      ok: true,
      detail: `bot token accepted: ${auth.user ?? "bot"} (${auth.user_id}) in ${auth.team ?? "workspace"} (${auth.team_id})`,
    });
  } catch (error) {
    return [
      {
        name: "slack",
        ok: false,
        detail: `auth.test failed: ${errorMessage(error)}`,
        fix: isSlackError(error, "invalid_auth", "not_authed", "token_revoked", "account_inactive")
          ? "set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page"
          : "check network access to Slack (SLACK_API_URL)",
      },
    ];
  }
  const missing = scopes === undefined ? [] : botScopes.filter((scope) => !scopes?.includes(scope));
  checks.push({
    name: "slack scopes",
    ok: missing.length === 0,
    detail:
      scopes === undefined
        ? "Slack did not list the token's scopes; compare with slack-manifest.yaml"
        : missing.length === 0
          ? `all ${botScopes.length} scopes granted`
          : `missing ${missing.join(", ")}`,
    fix: "add the scopes from slack-manifest.yaml (OAuth & Permissions → Bot Token Scopes), then reinstall the app",
  });
  checks.push(slack.appToken ? await checkSocketMode(slack, options) : checkHttp(slack));
  return checks;
}

async function checkSocketMode(slack: SlackConfig, options: WebClientOptions): Promise<DoctorCheck> {
  try {
    // Asks for a WebSocket URL without connecting to it: proves the app-level token and that Socket Mode is on.
    await new WebClient(slack.appToken, options).apps.connections.open();
    return { name: "slack socket mode", ok: true, detail: "app-level token accepted; Socket Mode is on" };
  } catch (error) {
    return {
      name: "slack socket mode",
      ok: false,
      detail: `apps.connections.open failed: ${errorMessage(error)}`,
      fix: "enable Socket Mode in your app's settings and set SLACK_APP_TOKEN to an app-level token (xapp-…) with connections:write",
    };
  }
}

function checkHttp(slack: SlackConfig): DoctorCheck {
  return {
    name: "slack http",
    ok: slack.signingSecret !== undefined,
    detail: "events, /rte and interactivity arrive at POST /slack/events; point the manifest's URLs there",
    fix: "set SLACK_SIGNING_SECRET (Basic Information → App Credentials), or SLACK_APP_TOKEN for Socket Mode",
  };
}
