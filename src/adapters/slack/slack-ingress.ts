import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { SlackConfig } from "../../config.js";
import { ConfigError, errorMessage } from "../../core/errors.js";
import { loadPersona } from "../../persona/persona.js";
import type { IngressContext, IngressHealth, RunningIngress } from "../platform-module.js";
import { createAcceptQuestion } from "./accept-question.js";
import { addAgentListeners } from "./agent-listeners.js";
import { createSessionAsks, createViewingContexts } from "./agent-state.js";
import { addControlListeners } from "./control-listeners.js";
import { DeferredAckReceiver } from "./deferred-ack-receiver.js";
import { isSignedBySlack, type MessageDelivery, messageDelivery, retryNumber } from "./direct-events.js";
import { addEventListeners, createMessageEventHandler } from "./event-listeners.js";
import { addMessageShortcut } from "./message-shortcut.js";
import { type BufferedRequest, readRoutableBody } from "./request-shape.js";
import { isFreshSlackTimestamp } from "./request-timestamp.js";
import { slackClientOptions } from "./slack-client.js";
import { slackLogger } from "./slack-logger.js";
import { addSlashCommand } from "./slash-command.js";
import { type SuggestedPrompt, suggestedPrompts } from "./suggested-prompts.js";

export const eventsPath = "/slack/events";

/**
 * Slack ingress: Bolt verifies, parses and routes; the listeners map, filter and enqueue. Over HTTP Bolt's
 * receiver is mounted on the process's one HTTP server at POST /slack/events (the /rte command,
 * interactions and other events), except message and mention events, which the route verifies and hands to
 * the same handler itself (direct-events.ts): they are nearly all the traffic, and Bolt's path for them
 * cost more than the enqueue. With SLACK_APP_TOKEN it connects over Socket Mode instead and needs no public
 * URL. Either way the acknowledgement waits for the enqueue (`processBeforeResponse` /
 * `DeferredAckReceiver`): 2xx means queued, anything else makes Slack deliver again.
 */
export async function startSlackIngress(context: IngressContext): Promise<RunningIngress> {
  const slack = context.config.slack;
  if (!slack) throw new ConfigError("Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.");
  const logger = context.logger.child({ platform: "slack" });
  const clientOptions = slackClientOptions({ apiUrl: slack.apiUrl, logger, role: "ingress" });
  // Who the bot is, once, here: a bad token becomes a clear start-up error, and both Bolt and the
  // HTTP route's own event handling get the same ids without another auth.test.
  const client = new WebClient(slack.botToken, clientOptions);
  const bot = await identify(client);

  const joined = context.state.joined;
  const accept = createAcceptQuestion({ submit: context.submit });
  const now = () => Date.now();
  const acknowledged = (receivedAt: number) =>
    context.metrics?.ackLatency.observe({ platform: "slack" }, (now() - receivedAt) / 1000);
  const viewing = createViewingContexts(context.state);
  const sessions = createSessionAsks(context.state);
  const handleMessage = createMessageEventHandler({
    accept,
    joined,
    logger,
    now,
    acknowledged,
    viewing,
    sessions,
    client,
  });
  const transport = createTransport(slack, context, (delivery, retryNum) =>
    handleMessage({ event: delivery.event, teamId: delivery.teamId, botUserId: bot.userId, retryNum }),
  );
  const app = new App({
    token: slack.botToken,
    botId: bot.botId,
    botUserId: bot.userId,
    tokenVerificationEnabled: false,
    receiver: transport.receiver,
    logger: slackLogger(logger),
    clientOptions,
    // Bolt's in-memory conversation store would hold state another ingress process cannot see.
    convoStore: false,
  });
  app.error(async (error) => {
    logger.error({ error: errorMessage(error) }, "slack event not handled; Slack will deliver it again");
    throw error;
  });

  addEventListeners(app, handleMessage);
  addAgentListeners(app, {
    prompts: promptsByWorkspace(context.config.personas),
    viewing,
    sessions,
    requestStop: context.requestStop,
    logger,
  });
  addMessageShortcut(app, {
    accept,
    allowedChannels: context.config.limits.allowedChannels,
    logger,
    now,
  });
  addSlashCommand(app, {
    accept,
    allowedChannels: context.config.limits.allowedChannels,
    logger,
    now,
    acknowledged,
  });
  addControlListeners(app, {
    requestStop: context.requestStop,
    recordFeedback: context.recordFeedback,
    onFeedback: (verdict) => context.metrics?.feedback.inc({ platform: "slack", verdict }),
    logger,
    now,
  });
  await transport.start();
  logger.info({ transport: transport.name }, `slack ingress ready (${transport.name})`);
  return { health: transport.health, stop: () => transport.stop(app) };
}

interface Transport {
  name: string;
  receiver: Receiver;
  start(): Promise<void>;
  health(): Promise<IngressHealth>;
  stop(app: App): Promise<void>;
}

/** Where the HTTP route hands the deliveries it answers itself (see the module comment). */
type DirectEvents = (delivery: MessageDelivery, retryNum: number | undefined) => Promise<void>;

function createTransport(slack: SlackConfig, context: IngressContext, direct: DirectEvents): Transport {
  if (slack.appToken) return socketModeTransport(slack.appToken, slack.apiUrl, context);
  const signingSecret = slack.signingSecret;
  if (!signingSecret) throw new ConfigError("SLACK_SIGNING_SECRET is needed for Slack over HTTP.");
  const logger = context.logger.child({ platform: "slack" });
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: eventsPath,
    logger: slackLogger(logger),
    // Hold the HTTP response until the listeners have queued the question (see the module comment).
    processBeforeResponse: true,
  });
  return {
    name: "http",
    receiver,
    async start() {
      context.http.route("POST", eventsPath, async (request: BufferedRequest, response) => {
        // Replays and forged dates stop here, before the body is read or Bolt runs (request-timestamp.ts).
        if (!isFreshSlackTimestamp(request.headers, Date.now())) {
          response.writeHead(401).end();
          return;
        }
        const read = await readRoutableBody(request);
        if (!read.ok) {
          // Too large: the rest of the body is not read, so the connection cannot carry another request.
          response.writeHead(read.status, read.status === 413 ? { connection: "close" } : {}).end();
          return;
        }
        const delivery = messageDelivery(read.body);
        if (delivery === undefined) {
          receiver.requestListener(request, response);
          return;
        }
        // Mentions, follow-ups and DMs: verified and handled here, acknowledged once queued (see above).
        if (!isSignedBySlack(request.headers, request.rawBody ?? Buffer.alloc(0), signingSecret)) {
          response.writeHead(401).end();
          return;
        }
        try {
          await direct(delivery, retryNumber(request.headers));
          response.writeHead(200).end();
        } catch (error) {
          logger.error(
            { error: errorMessage(error) },
            "slack event not handled; Slack will deliver it again",
          );
          response.writeHead(500).end();
        }
      });
    },
    health: async () => ({ ok: true, detail: `receiving events at POST ${eventsPath}` }),
    // The shared HTTP server is closed by its owner.
    stop: async () => {},
  };
}

/** auth.test: the bot's user and bot ids, or a start-up error that says which token to fix. */
async function identify(client: WebClient): Promise<{ userId: string; botId: string }> {
  try {
    const result = await client.auth.test();
    return { userId: result.user_id ?? "", botId: result.bot_id ?? "" };
  } catch (error) {
    throw new ConfigError(
      `Slack refused SLACK_BOT_TOKEN (${errorMessage(error)}). Copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page; run \`rte doctor\` for details.`,
    );
  }
}

/** No timestamp check here: Socket Mode envelopes are neither signed nor dated (see request-timestamp.ts). */
function socketModeTransport(
  appToken: string,
  apiUrl: string | undefined,
  context: IngressContext,
): Transport {
  const logger = context.logger.child({ platform: "slack" });
  const socketMode = new SocketModeReceiver({
    appToken,
    logger: slackLogger(logger),
    // apps.connections.open goes through this client: SLACK_API_URL applies to it too.
    installerOptions: { clientOptions: slackClientOptions({ apiUrl, logger, role: "ingress" }) },
  });
  let state = "connecting";
  for (const next of ["connected", "disconnected", "reconnecting"]) {
    socketMode.client.on(next, () => {
      state = next;
    });
  }
  return {
    name: "socket mode",
    receiver: new DeferredAckReceiver(socketMode),
    async start() {
      await socketMode.start();
    },
    health: async () => ({ ok: state === "connected", detail: `socket mode ${state}` }),
    async stop(app) {
      await app.stop();
    },
  };
}

/**
 * The suggested prompts for each workspace, from its persona (RTE_PERSONAS may name one per workspace; a
 * per-channel persona has no say in a DM), read once at start like the worker reads them.
 */
function promptsByWorkspace(personas: Record<string, string>): (team: string) => SuggestedPrompt[] {
  const fallback = suggestedPrompts(loadPersona());
  const byTeam = new Map<string, SuggestedPrompt[]>();
  for (const [id, path] of Object.entries(personas)) {
    if (id.startsWith("T") || id.startsWith("E")) byTeam.set(id, suggestedPrompts(loadPersona(path)));
  }
  return (team) => byTeam.get(team) ?? fallback;
}
