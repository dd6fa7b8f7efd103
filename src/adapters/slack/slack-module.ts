import type { PlatformModule } from "../platform-module.js";
import { createSlackClient } from "./slack-client.js";
import { diagnoseSlack } from "./slack-diagnose.js";
import { createSlackPlatform } from "./slack-platform.js";

/** Slack: on when SLACK_BOT_TOKEN is set, with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode). */
export const slackModule: PlatformModule = {
  name: "slack",
  createPlatform(context) {
    const slack = context.config.slack;
    if (!slack) throw new Error("createPlatform called without Slack configuration");
    const logger = context.logger.child({ platform: "slack" });
    return createSlackPlatform({
      client: createSlackClient({ token: slack.botToken, apiUrl: slack.apiUrl, logger, role: "worker" }),
      state: context.state,
      transcript: context.transcript,
      logger,
      metrics: context.metrics,
      statusDelayMs: slack.statusDelayMs,
    });
  },
  // Bolt is loaded when an ingress starts: a worker never needs it (about 7 MB of heap, 15 MB of RSS).
  async startIngress(context) {
    const { startSlackIngress } = await import("./slack-ingress.js");
    return startSlackIngress(context);
  },
  async diagnose(config) {
    return config.slack ? diagnoseSlack(config.slack) : [];
  },
};
