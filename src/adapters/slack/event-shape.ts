/**
 * Events API payloads are JSON from the network, typed by Bolt but never checked. This guard checks the
 * fields `decideSlackEvent` reads, so a malformed or hostile event is ignored (not thrown on, not queued):
 * ids must look like Slack's (they end up in the Ask id, which becomes a BullMQ job id and may hold no
 * `:`), and a flag of the wrong type cannot pass for a person — `bot_id` or `subtype` present with any
 * value but a string is not "absent". Fields the mapping does not read are not checked.
 * https://docs.slack.dev/reference/events/message
 */
export function isWellFormedMessageEvent(fields: Record<string, unknown>): boolean {
  return (
    typeof fields.type === "string" &&
    absentOr(fields.subtype, isText) &&
    absentOr(fields.bot_id, isText) &&
    isId(fields.user, /^[UW][A-Z0-9]{1,30}$/) &&
    isId(fields.channel, /^[CDG][A-Z0-9]{1,30}$/) &&
    isTimestamp(fields.ts) &&
    absentOr(fields.thread_ts, isTimestamp) &&
    absentOr(fields.text, isText) &&
    absentOr(fields.channel_type, isText)
  );
}

/** A message timestamp: seconds, a dot, a sequence number ("1715000000.000100"). */
export function isTimestamp(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,12}\.\d{1,8}$/.test(value);
}

function isId(value: unknown, pattern: RegExp): value is string {
  return typeof value === "string" && pattern.test(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string";
}

/** A field Slack omits when it has no value: absent, or passing the check (null is not absent). */
function absentOr(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

/**
 * A slash command form has the fields `commandAsk` reads, as Slack sends them: string ids of Slack's shapes
 * (they end up in the Ask id) and a text, possibly empty. A signed form missing `team_id` or `text` made the
 * listener throw, and Bolt answered 500, which Slack retries. https://docs.slack.dev/interactivity/implementing-slash-commands
 */
export function isWellFormedCommand(fields: Record<string, unknown>): boolean {
  return (
    typeof fields.command === "string" &&
    isId(fields.team_id, /^[TE][A-Z0-9]{1,30}$/) &&
    isId(fields.channel_id, /^[CDG][A-Z0-9]{1,30}$/) &&
    isId(fields.user_id, /^[UW][A-Z0-9]{1,30}$/) &&
    isText(fields.text) &&
    absentOr(fields.user_name, isText)
  );
}
