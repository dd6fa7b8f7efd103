import type { APIEmbed, APIUser } from "discord.js";
import { DiscordApiError, invalidFormBody } from "./api-error.js";
import type { StoredMessage, World } from "./world.js";

/**
 * The rules Discord applies to a message body before storing it: who gets mentioned (allowed_mentions),
 * and the limits that answer 400.
 */
export interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

// Mentions: https://discord.com/developers/docs/resources/message#allowed-mentions-object
export function applyMentions(
  world: World,
  message: StoredMessage,
  allowed: AllowedMentions | undefined,
  extraMentions: APIUser[],
): void {
  const parse = allowed?.parse ?? ["users", "roles", "everyone"];
  const written = [...message.content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1] as string);
  const userIds = written.filter((id) => parse.includes("users") || allowed?.users?.includes(id));
  const replied = message.referenced_message?.author;
  if (replied && (allowed === undefined || allowed.replied_user === true)) userIds.push(replied.id);
  const users = [...extraMentions, ...userIds.flatMap((id) => world.users.get(id) ?? [])];
  message.mentions = [...new Map(users.map((user) => [user.id, user])).values()];
  const roleIds = [...message.content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1] as string);
  message.mention_roles = roleIds.filter((id) => parse.includes("roles") || allowed?.roles?.includes(id));
  message.mention_everyone = parse.includes("everyone") && /@(everyone|here)\b/.test(message.content);
}

const componentsV2 = 1 << 15;

// Limits: https://discord.com/developers/docs/resources/message#create-message-jsonform-params
export function validateMessageBody(
  body: Record<string, unknown>,
  fileCount: number,
  creating: boolean,
): void {
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== "string") {
    throw invalidFormBody("content", "BASE_TYPE_STRING", "Could not interpret value as string.");
  }
  if (typeof content === "string" && content.length > 2000) {
    throw invalidFormBody("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
  }
  const embeds = Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : [];
  if (embeds.length > 10)
    throw invalidFormBody("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
  let embedSize = 0;
  for (const [index, embed] of embeds.entries()) {
    if ((embed.title?.length ?? 0) > 256) {
      throw invalidFormBody(
        `embeds.${index}.title`,
        "BASE_TYPE_MAX_LENGTH",
        "Must be 256 or fewer in length.",
      );
    }
    if ((embed.description?.length ?? 0) > 4096) {
      throw invalidFormBody(
        `embeds.${index}.description`,
        "BASE_TYPE_MAX_LENGTH",
        "Must be 4096 or fewer in length.",
      );
    }
    embedSize +=
      (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  }
  if (embedSize > 6000)
    throw invalidFormBody("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
  if (typeof body.flags === "number" && body.flags & componentsV2 && (content || embeds.length > 0)) {
    throw invalidFormBody(
      "content",
      "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
      "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    );
  }
  const allowed = body.allowed_mentions as AllowedMentions | undefined;
  if (allowed?.parse?.includes("users") && allowed.users?.length) {
    throw invalidFormBody(
      "allowed_mentions",
      "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
      'parse:["users"] and users: [ids...] are mutually exclusive.',
    );
  }
  const hasComponents = Array.isArray(body.components) && body.components.length > 0;
  const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
  const empty =
    !content && embeds.length === 0 && fileCount === 0 && !hasComponents && !hasStickers && !body.poll;
  if (creating && empty) throw new DiscordApiError(400, 50006, "Cannot send an empty message");
}
