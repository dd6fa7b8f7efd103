/**
 * Events API deliveries of one @mention, shaped like Slack's (docs.slack.dev/apis/events-api and the
 * app_mention / message.channels event docs): a channel mention reaches an app subscribed to both as an
 * `app_mention` and a `message` event — different event_ids, the same channel and ts.
 */
import type { SeedRoot } from "../fakes/fakes-protocol.js";

export interface MentionIdentity {
  teamId: string;
  botUserId: string;
  appId: string;
}

let eventCount = 0;

function eventId(): string {
  eventCount += 1;
  return `Ev0BENCH${String(eventCount).padStart(8, "0")}`;
}

function richText(botUserId: string, question: string) {
  return [
    {
      type: "rich_text",
      block_id: `b${eventCount.toString(36)}`,
      elements: [
        {
          type: "rich_text_section",
          elements: [
            { type: "user", user_id: botUserId },
            { type: "text", text: ` ${question}` },
          ],
        },
      ],
    },
  ];
}

function envelope(identity: MentionIdentity, event: Record<string, unknown>, ts: string) {
  return {
    token: "bench-verification-token",
    team_id: identity.teamId,
    context_team_id: identity.teamId,
    context_enterprise_id: null,
    api_app_id: identity.appId,
    event,
    type: "event_callback",
    event_id: eventId(),
    event_time: Math.floor(Number(ts)),
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: identity.teamId })).toString("base64url")}`,
  };
}

/** The deliveries Slack makes for a mention that is the root message `root`: app_mention, then message. */
export function mentionDeliveries(identity: MentionIdentity, root: SeedRoot, question: string): object[] {
  const common = {
    user: root.user,
    text: `<@${identity.botUserId}> ${question}`,
    ts: root.ts,
    team: identity.teamId,
    channel: root.channel,
    event_ts: root.ts,
    client_msg_id: `bench-${root.questionId}`,
    blocks: richText(identity.botUserId, question),
  };
  return [
    envelope(identity, { type: "app_mention", ...common }, root.ts),
    envelope(identity, { type: "message", ...common, channel_type: "channel" }, root.ts),
  ];
}
