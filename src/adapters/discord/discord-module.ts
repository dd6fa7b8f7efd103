import type { API } from "@discordjs/core/http-only";
import type { Config, DiscordConfig } from "../../config.js";
import { ConfigError } from "../../core/errors.js";
import type { DoctorCheck, PlatformModule } from "../platform-module.js";
import { createAllowlist } from "./allowlist.js";
import { commandName } from "./command-ask.js";
import { inviteUrl } from "./command-registration.js";
import { toRteError } from "./discord-errors.js";
import { createDiscordPlatform } from "./discord-platform.js";
import { createDiscordApi } from "./discord-rest.js";
import { hasMessageContentIntent, messageContentAdvice } from "./intents.js";
import { noticeTtlSeconds } from "./message-handler.js";

/** Discord, started when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set. */
export const discordModule: PlatformModule = {
  name: "discord",
  createPlatform(context) {
    const discord = discordConfig(context.config);
    return createDiscordPlatform({
      api: createDiscordApi(discord),
      state: context.state,
      transcript: context.transcript,
      logger: context.logger.child({ platform: "discord" }),
      onFirstVisibleText: (seconds) =>
        context.metrics?.firstVisibleText.observe({ platform: "discord" }, seconds),
    });
  },
  // The gateway client is loaded when an ingress starts: a worker only needs the REST API.
  async startIngress(context) {
    const { config, state } = context;
    const { startDiscordIngress } = await import("./discord-ingress.js");
    return startDiscordIngress({
      discord: discordConfig(config),
      allowed: createAllowlist(config.limits.allowedChannels),
      joined: state.joined,
      submit: context.submit,
      notices: state.claimOnce("notice", noticeTtlSeconds),
      logger: context.logger.child({ platform: "discord" }),
      // Only an interaction is acknowledged on Discord; a message is simply read.
      onAcknowledged: (seconds) => context.metrics?.ackLatency.observe({ platform: "discord" }, seconds),
      controls: {
        requestStop: context.requestStop,
        recordFeedback: context.recordFeedback,
        onFeedback: (verdict) => context.metrics?.feedback.inc({ platform: "discord", verdict }),
      },
    });
  },
  diagnose: (config) => diagnoseDiscord(discordConfig(config)),
};

export function discordConfig(config: Readonly<Config>): DiscordConfig {
  if (config.discord) return config.discord;
  throw new ConfigError(
    "Configuration problem:\n  DISCORD_TOKEN and DISCORD_APPLICATION_ID are not set\n      Discord needs both: the bot token (Bot page) and the application id (General Information page) of your Discord application.",
  );
}

/** `rte doctor` for Discord: the token, the application, the Message Content intent, `/rte`, the gateway. */
async function diagnoseDiscord(discord: DiscordConfig): Promise<DoctorCheck[]> {
  const api = createDiscordApi(discord);
  const user = await api.users.getCurrent().catch((error: unknown) => toRteError(error));
  if (user instanceof Error) {
    return [
      {
        name: "discord",
        ok: false,
        detail: user.message,
        fix: "copy the token from the Bot page of your Discord application into DISCORD_TOKEN (Reset Token if lost)",
      },
    ];
  }
  const checks: DoctorCheck[] = [
    { name: "discord", ok: true, detail: `token accepted: bot ${user.username} (${user.id})` },
  ];
  const application = await api.applications.getCurrent().catch((error: unknown) => toRteError(error));
  if (application instanceof Error || application.id !== discord.applicationId) {
    checks.push({
      name: "discord application",
      ok: false,
      detail:
        application instanceof Error
          ? application.message
          : `DISCORD_APPLICATION_ID is ${discord.applicationId} but the token belongs to application ${application.id}`,
      fix: "set DISCORD_APPLICATION_ID to the Application ID on the General Information page of the token's application",
    });
    return checks;
  }
  checks.push({ name: "discord application", ok: true, detail: `${application.name} (${application.id})` });
  const messageContent = hasMessageContentIntent(application);
  checks.push({
    name: "discord message content",
    ok: messageContent,
    detail: messageContent
      ? "intent enabled: thread follow-ups need no mention"
      : "Message Content intent is off",
    fix: messageContentAdvice(application.id),
  });
  checks.push(await commandCheck(api, discord.applicationId));
  const gateway = await api.gateway.getBot().catch((error: unknown) => toRteError(error));
  checks.push(
    gateway instanceof Error
      ? {
          name: "discord gateway",
          ok: false,
          detail: gateway.message,
          fix: "check network access to Discord",
        }
      : {
          name: "discord gateway",
          ok: gateway.session_start_limit.remaining > 0,
          detail: `${gateway.session_start_limit.remaining} of ${gateway.session_start_limit.total} logins left today; invite link: ${inviteUrl(discord.applicationId)}`,
          fix: "the bot logged in too often today; wait for the limit to reset",
        },
  );
  return checks;
}

async function commandCheck(api: API, applicationId: string): Promise<DoctorCheck> {
  const commands = await api.applicationCommands
    .getGlobalCommands(applicationId)
    .catch((error: unknown) => toRteError(error));
  if (commands instanceof Error) return { name: "discord /rte", ok: false, detail: commands.message };
  const registered = commands.some((command) => command.name === commandName);
  return {
    name: "discord /rte",
    ok: registered,
    detail: registered
      ? "registered globally"
      : "not registered globally (guild registrations are not checked)",
    fix: "run `rte register-commands` (or `rte register-commands --guild <id>` for one server)",
  };
}
