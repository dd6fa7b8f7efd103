import type { WebClient } from "@slack/web-api";
import type { Ask } from "../../core/ask.js";
import { slackCall } from "./slack-client.js";
import { slackTextToMarkdown } from "./slack-text.js";

/** A topic or a quoted message is a hint, not a document: the question is what matters. */
const maxQuoted = 600;

/**
 * One sentence about what someone is looking at while talking to rte in Slack's agent view, from an
 * `app_context_changed` (or `app_home_opened`) `context.entities[]` entry: a channel (its name and topic,
 * from conversations.info) or a message (its channel, and its text where conversations.history gives it;
 * Slack rations that method for apps outside its Marketplace, so the text may be missing). Canvases and
 * lists give nothing rte can read; undefined then. https://docs.slack.dev/reference/events/app_context_changed
 */
export async function describeViewing(client: WebClient, context: unknown): Promise<string | undefined> {
  const entities = (context as { entities?: unknown } | undefined)?.entities;
  if (!Array.isArray(entities)) return undefined;
  for (const entity of entities as Array<{ type?: unknown; value?: unknown }>) {
    if (entity?.type === "slack#/types/channel_id" && typeof entity.value === "string") {
      const channel = await channelInfo(client, entity.value);
      return channel && `they were looking at the Slack channel ${describeChannel(channel)}.`;
    }
    const message = entity?.value as { message_ts?: unknown; channel_id?: unknown } | undefined;
    if (
      entity?.type === "slack#/types/message_context" &&
      typeof message?.message_ts === "string" &&
      typeof message.channel_id === "string"
    ) {
      const channel = await channelInfo(client, message.channel_id);
      const text = await messageText(client, message.channel_id, message.message_ts);
      const where = channel ? ` in ${describeChannel(channel)}` : "";
      return text === undefined
        ? `they were looking at a message${where}.`
        : `they were looking at this message${where}: "${quote(text)}"`;
    }
  }
  return undefined;
}

/** The question as the model reads it: the asker's words, then what they were looking at. */
export function withViewingContext(ask: Ask, description: string | undefined): Ask {
  if (description === undefined) return ask;
  return { ...ask, text: `${ask.text}\n\n(Context from Slack: while asking, ${description})` };
}

interface ChannelInfo {
  name: string;
  topic: string;
}

async function channelInfo(client: WebClient, channel: string): Promise<ChannelInfo | undefined> {
  try {
    const result = await slackCall("conversations.info", () => client.conversations.info({ channel }));
    const name = result.channel?.name;
    if (name === undefined) return undefined;
    return { name, topic: result.channel?.topic?.value ?? "" };
  } catch {
    // Not a member, or a channel from another workspace: the context is a hint rte can do without.
    return undefined;
  }
}

async function messageText(client: WebClient, channel: string, ts: string): Promise<string | undefined> {
  try {
    const result = await slackCall("conversations.history", () =>
      client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 }),
    );
    const message = result.messages?.find((candidate) => candidate.ts === ts);
    return message?.text ? slackTextToMarkdown(message.text) : undefined;
  } catch {
    return undefined;
  }
}

function describeChannel(channel: ChannelInfo): string {
  return channel.topic === "" ? `#${channel.name}` : `#${channel.name} (topic: "${quote(channel.topic)}")`;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > maxQuoted ? `${flat.slice(0, maxQuoted - 1)}…` : flat;
}
