import type { APIInteraction, GatewayMessageCreateDispatchData } from "@discordjs/core/http-only";

/**
 * Gateway payloads are JSON from the network, typed by discord-api-types but never checked. These guards
 * check the fields the edge reads before anything else touches them, so a malformed or hostile payload is
 * ignored (not thrown on, not queued) and a flag of the wrong type cannot pass for a human: `author.bot`
 * must be a boolean or absent, not "true". Fields the edge does not read are not checked.
 * https://discord.com/developers/docs/resources/message#message-object
 */
export function isMessageCreate(value: unknown): value is GatewayMessageCreateDispatchData {
  if (!isRecord(value) || !isRecord(value.author)) return false;
  const { author, member } = value;
  return (
    isSnowflake(value.id) &&
    isSnowflake(value.channel_id) &&
    absentOr(value.guild_id, isSnowflake) &&
    absentOr(value.webhook_id, isSnowflake) &&
    absentOr(value.channel_type, Number.isInteger) &&
    typeof value.content === "string" &&
    Number.isInteger(value.type) &&
    isSnowflake(author.id) &&
    typeof author.username === "string" &&
    nullable(author.global_name, isText) &&
    absentOr(author.bot, isBoolean) &&
    absentOr(author.system, isBoolean) &&
    absentOr(member, (given) => isRecord(given) && nullable(given.nick, isText)) &&
    listOf(value.mentions, (user) => isRecord(user) && typeof user.id === "string") &&
    listOf(value.mention_roles, isText)
  );
}

/**
 * The fields of an INTERACTION_CREATE that `readCommand` reads, with the right types. Its id, token and
 * application id end up in REST paths, so they must look like what Discord sends.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
export function isWellFormedInteraction(value: unknown): value is APIInteraction {
  if (!isRecord(value)) return false;
  const { data, member, channel } = value;
  const user = isRecord(member) ? member.user : value.user;
  return (
    isSnowflake(value.id) &&
    isSnowflake(value.application_id) &&
    typeof value.token === "string" &&
    /^[\w.-]{1,1000}$/.test(value.token) &&
    Number.isInteger(value.type) &&
    absentOr(value.guild_id, isSnowflake) &&
    isRecord(data) &&
    absentOr(data.options, (options) => listOf(options, isRecord)) &&
    absentOr(member, (given) => isRecord(given) && nullable(given.nick, isText)) &&
    isRecord(user) &&
    isSnowflake(user.id) &&
    typeof user.username === "string" &&
    nullable(user.global_name, isText) &&
    isRecord(channel) &&
    isSnowflake(channel.id) &&
    Number.isInteger(channel.type) &&
    nullable(channel.parent_id, isText)
  );
}

/** An array whose every item passes; holes count as undefined (Array#every would skip them). */
function listOf(value: unknown, check: (item: unknown) => boolean): value is unknown[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!check(item)) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSnowflake(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,20}$/.test(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string";
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}

/** A field Discord omits when it has no value: absent, or passing the check (null is not absent). */
function absentOr(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

/** A field Discord sends as null when it has no value (`global_name`, `nick`). */
function nullable(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}
