import { DiscordApiError, invalidFormBody, unknownInteraction } from "./api-error.js";
import { validateModal } from "./components.js";
import type { Events } from "./events.js";
import { param, type Route } from "./http.js";
import {
  createResponseMessage,
  initialResponseDeadlineMs,
  interactionByToken,
  interactionMessage,
  isEphemeral,
} from "./interactions.js";
import { validateMessageBody } from "./message-rules.js";
import { applyEdit, restView, storeMessage } from "./messages.js";
import { messagesIn, type StoredMessage, type World } from "./world.js";

/**
 * Interaction responses: the initial callback, then the interaction webhook (edit/get/delete the original,
 * follow-ups). None of these take the bot token; the interaction token is the credential.
 * https://discord.com/developers/docs/interactions/receiving-and-responding
 */
const callbackTypes = { channelMessage: 4, deferredChannelMessage: 5, deferredUpdateMessage: 6, modal: 9 };
const messageComponent = 3;
const modalSubmit = 5;

export function interactionRoutes(world: World, events: Events): Route[] {
  const none = "none" as const;
  const publish = (message: StoredMessage) => {
    // Ephemeral messages exist only for the invoking user: not in channel history, not dispatched.
    if (isEphemeral(message)) return;
    storeMessage(world, message);
    events.messageCreated(message);
  };
  return [
    {
      method: "POST",
      path: "/interactions/:interactionId/:interactionToken/callback",
      auth: none,
      handle: ({ params, body, query, files }) => {
        const interaction = world.interactions.get(param(params, "interactionId"));
        if (!interaction || interaction.token !== param(params, "interactionToken"))
          throw unknownInteraction();
        if (interaction.responseType !== undefined) {
          throw new DiscordApiError(400, 40060, "Interaction has already been acknowledged.");
        }
        if (Date.now() - interaction.createdAt > initialResponseDeadlineMs) throw unknownInteraction();
        const type = body.type;
        const data = (typeof body.data === "object" && body.data !== null ? body.data : {}) as Record<
          string,
          unknown
        >;
        const interactionType = interaction.type ?? 2;
        // A deferred update answers a click only; a modal cannot answer a modal's own submit.
        const allowed = [
          callbackTypes.channelMessage,
          callbackTypes.deferredChannelMessage,
          ...(interactionType === messageComponent ? [callbackTypes.deferredUpdateMessage] : []),
          ...(interactionType === modalSubmit ? [] : [callbackTypes.modal]),
        ];
        if (typeof type !== "number" || !allowed.includes(type)) {
          throw invalidFormBody("type", "BASE_TYPE_CHOICES", `Value must be one of {${allowed.join(", ")}}.`);
        }
        if (type === callbackTypes.channelMessage) validateMessageBody(data, files.length, true);
        if (type === callbackTypes.modal) {
          validateModal(data);
          interaction.modal = data;
        }
        interaction.responseType = type;
        if (type === callbackTypes.channelMessage || type === callbackTypes.deferredChannelMessage) {
          const deferred = type === callbackTypes.deferredChannelMessage;
          interaction.original = createResponseMessage(world, interaction, data, files, deferred);
          publish(interaction.original);
        }
        if (query.get("with_response") !== "true") return { status: 204 };
        // https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-callback-interaction-callback-response-object
        const original = interaction.original;
        return {
          status: 200,
          body: {
            interaction: {
              id: interaction.id,
              type: interaction.type ?? 2,
              ...(original
                ? {
                    response_message_id: original.id,
                    response_message_loading: type === callbackTypes.deferredChannelMessage,
                    response_message_ephemeral: isEphemeral(original),
                  }
                : {}),
            },
            resource: { type, ...(original ? { message: restView(world, original) } : {}) },
          },
        };
      },
    },
    {
      method: "GET",
      path: "/webhooks/:applicationId/:interactionToken/messages/:messageId",
      auth: none,
      handle: ({ params }) => {
        const interaction = interactionByToken(
          world,
          param(params, "applicationId"),
          param(params, "interactionToken"),
        );
        return {
          status: 200,
          body: restView(world, interactionMessage(interaction, param(params, "messageId"))),
        };
      },
    },
    {
      method: "PATCH",
      path: "/webhooks/:applicationId/:interactionToken/messages/:messageId",
      auth: none,
      handle: ({ params, body, files }) => {
        const interaction = interactionByToken(
          world,
          param(params, "applicationId"),
          param(params, "interactionToken"),
        );
        const message = interactionMessage(interaction, param(params, "messageId"));
        applyEdit(world, message, body, files);
        if (!isEphemeral(message)) events.messageUpdated(message);
        return { status: 200, body: restView(world, message) };
      },
    },
    {
      method: "DELETE",
      path: "/webhooks/:applicationId/:interactionToken/messages/:messageId",
      auth: none,
      handle: ({ params }) => {
        const interaction = interactionByToken(
          world,
          param(params, "applicationId"),
          param(params, "interactionToken"),
        );
        const message = interactionMessage(interaction, param(params, "messageId"));
        const list = messagesIn(world, message.channel_id);
        if (list.includes(message)) {
          list.splice(list.indexOf(message), 1);
          events.messageDeleted(message);
        }
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/webhooks/:applicationId/:interactionToken",
      auth: none,
      handle: ({ params, body, query, files }) => {
        const interaction = interactionByToken(
          world,
          param(params, "applicationId"),
          param(params, "interactionToken"),
        );
        if (interaction.responseType === undefined) throw new DiscordApiError(404, 10015, "Unknown Webhook");
        validateMessageBody(body, files.length, true);
        const followUp = createResponseMessage(world, interaction, body, files, false);
        interaction.followUps.push(followUp);
        publish(followUp);
        // Execute Webhook answers 204 unless `?wait=true`; discord.js always asks to wait.
        return query.get("wait") === "true"
          ? { status: 200, body: restView(world, followUp) }
          : { status: 204 };
      },
    },
  ];
}
