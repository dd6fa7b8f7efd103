import type { APIEmbed } from "discord.js";
import { DiscordApiError, invalidFormBody } from "./api-error.js";
import type { Events } from "./events.js";
import { param, type Route, type RouteContext } from "./http.js";
import { type AllowedMentions, validateMessageBody } from "./message-rules.js";
import {
  applyEdit,
  attachmentsFromFiles,
  createMessage,
  findMessage,
  listMessages,
  restView,
  storeMessage,
} from "./messages.js";
import { messageWithSameNonce } from "./nonce.js";
import { startThread, startThreadFromMessage } from "./threads.js";
import { channelOrThrow, messagesIn, type World } from "./world.js";

/**
 * Channel, message and thread endpoints as a bot uses them.
 * https://discord.com/developers/docs/resources/channel, https://discord.com/developers/docs/resources/message
 */
export function channelRoutes(world: World, events: Events): Route[] {
  const bot = "bot" as const;
  return [
    {
      method: "GET",
      path: "/channels/:channelId",
      auth: bot,
      handle: ({ params }) => ({ status: 200, body: channelOrThrow(world, param(params, "channelId")) }),
    },
    {
      method: "GET",
      path: "/channels/:channelId/messages",
      auth: bot,
      handle: ({ params, query }) => ({
        status: 200,
        body: listMessages(world, param(params, "channelId"), query).map((message) =>
          restView(world, message),
        ),
      }),
    },
    {
      method: "GET",
      path: "/channels/:channelId/messages/:messageId",
      auth: bot,
      handle: ({ params }) => {
        const message = findMessage(world, param(params, "channelId"), param(params, "messageId"));
        return { status: 200, body: restView(world, message) };
      },
    },
    {
      method: "POST",
      path: "/channels/:channelId/messages",
      auth: bot,
      handle: (context) => postMessage(context),
    },
    {
      method: "PATCH",
      path: "/channels/:channelId/messages/:messageId",
      auth: bot,
      handle: ({ params, body, files }) => {
        const message = findMessage(world, param(params, "channelId"), param(params, "messageId"));
        if (message.author.id !== world.botUser.id) {
          throw new DiscordApiError(403, 50005, "Cannot edit a message authored by another user");
        }
        applyEdit(world, message, body, files);
        events.messageUpdated(message);
        return { status: 200, body: restView(world, message) };
      },
    },
    {
      method: "DELETE",
      path: "/channels/:channelId/messages/:messageId",
      auth: bot,
      handle: ({ params }) => {
        const channelId = param(params, "channelId");
        const message = findMessage(world, channelId, param(params, "messageId"));
        // The bot has no MANAGE_MESSAGES, so it may delete only its own messages.
        if (message.author.id !== world.botUser.id)
          throw new DiscordApiError(403, 50013, "Missing Permissions");
        const list = messagesIn(world, channelId);
        list.splice(list.indexOf(message), 1);
        events.messageDeleted(message);
        return { status: 204 };
      },
    },
    {
      // "Generally bots should not use this route", but a typing indicator while the model thinks is the point.
      method: "POST",
      path: "/channels/:channelId/typing",
      auth: bot,
      handle: ({ params }) => {
        channelOrThrow(world, param(params, "channelId"));
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/channels/:channelId/messages/:messageId/threads",
      auth: bot,
      handle: ({ params, body }) => {
        const thread = startThreadFromMessage(
          world,
          param(params, "channelId"),
          param(params, "messageId"),
          body,
        );
        events.threadCreated(thread);
        return { status: 201, body: thread };
      },
    },
    {
      method: "POST",
      path: "/channels/:channelId/threads",
      auth: bot,
      handle: ({ params, body }) => {
        const thread = startThread(world, param(params, "channelId"), body);
        events.threadCreated(thread);
        return { status: 201, body: thread };
      },
    },
  ];

  function postMessage({ params, body, files }: RouteContext) {
    const channel = channelOrThrow(world, param(params, "channelId"));
    validateMessageBody(body, files.length, true);
    const repeated = messageWithSameNonce(world, world.botUser.id, body);
    if (repeated) return { status: 200, body: restView(world, repeated) };
    const reference = body.message_reference as
      | { message_id?: string; fail_if_not_exists?: boolean }
      | undefined;
    let referencedMessageId = reference?.message_id;
    if (
      referencedMessageId &&
      !messagesIn(world, channel.id).some((message) => message.id === referencedMessageId)
    ) {
      if (reference?.fail_if_not_exists !== false) {
        throw invalidFormBody("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
      }
      referencedMessageId = undefined;
    }
    const message = createMessage(world, {
      channelId: channel.id,
      author: world.botUser,
      content: typeof body.content === "string" ? body.content : "",
      ...(Array.isArray(body.embeds) ? { embeds: body.embeds as APIEmbed[] } : {}),
      ...(Array.isArray(body.components) ? { components: body.components } : {}),
      attachments: attachmentsFromFiles(world, channel.id, files, body.attachments),
      ...(typeof body.flags === "number" ? { flags: body.flags } : {}),
      ...(body.allowed_mentions === undefined
        ? {}
        : { allowedMentions: body.allowed_mentions as AllowedMentions }),
      ...(referencedMessageId ? { referencedMessageId } : {}),
      ...(typeof body.nonce === "string" || typeof body.nonce === "number" ? { nonce: body.nonce } : {}),
    });
    storeMessage(world, message);
    events.messageCreated(message);
    return { status: 200, body: restView(world, message) };
  }
}
