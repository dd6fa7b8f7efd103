import { randomBytes } from "node:crypto";
import type { Locale } from "discord.js";
import { DiscordApiError, invalidFormBody } from "./api-error.js";
import { findMessage, restView } from "./messages.js";
import {
  botPermissions,
  channelOrThrow,
  guildIdOf,
  memberFor,
  type StoredInteraction,
  type StoredMessage,
  userFor,
  type World,
} from "./world.js";

/**
 * Message-component interactions (a click on a button of a message) and modal submits, as Discord sends
 * them: INTERACTION_CREATE type 3 with the message and the button's custom_id, type 5 with the values typed
 * into the modal the click opened.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
export interface ButtonClickOptions {
  channelId: string;
  messageId: string;
  customId: string;
  /** Default: the human. */
  userId?: string;
}

export interface ModalSubmitOptions {
  /** The click (or command) whose response opened the modal. */
  openedBy: string;
  /** Text inputs by custom_id. */
  values: Record<string, string>;
  userId?: string;
}

const interactionTypes = { messageComponent: 3, modalSubmit: 5 };
const modalResponse = 9;

export function createButtonClick(world: World, options: ButtonClickOptions) {
  const message = findMessage(world, options.channelId, options.messageId);
  // Discord only sends clicks on buttons a message has; anything else is a test's mistake.
  if (!buttonIds(message).includes(options.customId)) {
    throw new Error(`fake-discord: message ${message.id} has no button ${options.customId}`);
  }
  return createInteraction(world, {
    type: interactionTypes.messageComponent,
    channelId: options.channelId,
    userId: options.userId,
    data: { custom_id: options.customId, component_type: 2 },
    extra: { message: restView(world, message) },
  });
}

export function createModalSubmit(world: World, options: ModalSubmitOptions) {
  const opener = world.interactions.get(options.openedBy);
  if (opener?.responseType !== modalResponse || opener.modal === undefined) {
    throw new Error(`fake-discord: interaction ${options.openedBy} opened no modal`);
  }
  const modal = opener.modal as { custom_id: string; components: unknown[] };
  const inputs = textInputIds(modal.components);
  for (const id of Object.keys(options.values)) {
    if (!inputs.includes(id)) throw new Error(`fake-discord: the modal has no text input ${id}`);
  }
  return createInteraction(world, {
    type: interactionTypes.modalSubmit,
    channelId: opener.channelId,
    userId: options.userId ?? opener.user.id,
    data: {
      custom_id: modal.custom_id,
      components: inputs.map((id) => ({
        type: 18,
        id: 1,
        component: { type: 4, id: 2, custom_id: id, value: options.values[id] ?? "" },
      })),
    },
    extra: {},
  });
}

/** What a modal callback must carry: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal */
export function validateModal(data: Record<string, unknown>): void {
  if (typeof data.custom_id !== "string" || data.custom_id.length > 100) {
    throw invalidFormBody("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (typeof data.title !== "string" || data.title.length > 45) {
    throw invalidFormBody("data.title", "BASE_TYPE_MAX_LENGTH", "Must be 45 or fewer in length.");
  }
  const components = Array.isArray(data.components) ? data.components : [];
  if (components.length < 1 || components.length > 5) {
    throw invalidFormBody("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
  }
  if (textInputIds(components).length === 0) {
    throw new DiscordApiError(400, 50035, "Invalid Form Body");
  }
}

function createInteraction(
  world: World,
  input: {
    type: number;
    channelId: string;
    userId: string | undefined;
    data: Record<string, unknown>;
    extra: Record<string, unknown>;
  },
): { stored: StoredInteraction; payload: unknown } {
  const channel = channelOrThrow(world, input.channelId);
  const guildId = guildIdOf(world, channel);
  const user = userFor(world, input.userId ?? world.humanUser.id);
  const id = world.nextId();
  const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString("base64url")}`).toString(
    "base64url",
  );
  const locale = "en-US" as Locale;
  const payload = {
    id,
    application_id: world.applicationId,
    type: input.type,
    token,
    version: 1,
    data: input.data,
    channel: { ...channel },
    channel_id: channel.id,
    app_permissions: botPermissions,
    locale,
    entitlements: [],
    authorizing_integration_owners: { "0": guildId ?? "0" },
    attachment_size_limit: 10 * 1024 * 1024,
    ...input.extra,
    ...(guildId === undefined
      ? { user, context: 1 }
      : {
          guild_id: guildId,
          guild: { id: guildId, locale, features: [] },
          guild_locale: locale,
          member: { ...memberFor(world, user), permissions: "1071698660929" },
          context: 0,
        }),
  };
  const stored: StoredInteraction = {
    id,
    token,
    channelId: channel.id,
    guildId,
    user,
    commandName: "",
    type: input.type,
    createdAt: Date.now(),
    responseType: undefined,
    original: undefined,
    followUps: [],
  };
  world.interactions.set(id, stored);
  return { stored, payload };
}

function buttonIds(message: StoredMessage): string[] {
  const rows = (message.components ?? []) as Array<{ components?: Array<{ custom_id?: string }> }>;
  return rows.flatMap((row) => (row.components ?? []).flatMap((component) => component.custom_id ?? []));
}

/** Text input ids in a modal's components: inside labels (type 18) or, the older way, action rows. */
function textInputIds(components: unknown[]): string[] {
  return (components as Array<{ type?: number; component?: unknown; components?: unknown[] }>).flatMap(
    (component) => {
      const inner = (component.type === 18 ? [component.component] : (component.components ?? [])) as Array<{
        type?: number;
        custom_id?: string;
      }>;
      return inner.flatMap((input) => (input.type === 4 && input.custom_id ? [input.custom_id] : []));
    },
  );
}
