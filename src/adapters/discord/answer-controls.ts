import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmission,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "@discordjs/core/http-only";

/**
 * The buttons rte puts on its answers, and the comment form 👎 opens. A button's custom_id carries what
 * it acts on, the Ask's id, and nothing secret: the click comes back through the gateway to any ingress
 * process, which needs nothing else to act. custom_id is at most 100 characters; an Ask id is about 30.
 * https://discord.com/developers/docs/components/reference#button
 */
export type ControlAction = "stop" | "up" | "down" | "comment";

export interface Control {
  action: ControlAction;
  askId: string;
}

const prefix = "rte";
const actions: ReadonlySet<string> = new Set<ControlAction>(["stop", "up", "down", "comment"]);
export const commentInputId = "comment";
/** Room for a sentence or three; a longer essay belongs in the thread. */
const commentMaxLength = 1_000;

export function controlId(action: ControlAction, askId: string): string {
  return `${prefix}:${action}:${askId}`;
}

/** The control a custom_id names, or undefined when it is not one of rte's. */
export function readControl(customId: string): Control | undefined {
  const [head, action, ...rest] = customId.split(":");
  const askId = rest.join(":");
  if (head !== prefix || action === undefined || !actions.has(action) || askId === "") return undefined;
  return { action: action as ControlAction, askId };
}

type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

const button = (
  action: ControlAction,
  askId: string,
  look: { label?: string; emoji?: string; style: ButtonStyle },
): APIButtonComponentWithCustomId => ({
  type: ComponentType.Button,
  custom_id: controlId(action, askId),
  style: look.style as APIButtonComponentWithCustomId["style"],
  ...(look.label === undefined ? {} : { label: look.label }),
  ...(look.emoji === undefined ? {} : { emoji: { name: look.emoji } }),
});

/** On an answer's first message while it streams. */
export function stopRow(askId: string): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [button("stop", askId, { label: "Stop", emoji: "⏹️", style: ButtonStyle.Secondary })],
  };
}

/** On a finished answer's last message. */
export function feedbackRow(askId: string): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      button("up", askId, { emoji: "👍", style: ButtonStyle.Secondary }),
      button("down", askId, { emoji: "👎", style: ButtonStyle.Secondary }),
    ],
  };
}

/** What 👎 opens: one optional paragraph. https://discord.com/developers/docs/components/reference#label */
export function commentModal(askId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: controlId("comment", askId),
    title: "What was wrong with this answer?",
    components: [
      {
        type: ComponentType.Label,
        label: "Tell us what to fix (optional)",
        component: {
          type: ComponentType.TextInput,
          custom_id: commentInputId,
          style: TextInputStyle.Paragraph,
          required: false,
          max_length: commentMaxLength,
        },
      },
    ],
  };
}

/** The comment typed into the form, from a label (current) or an action row (older clients). */
export function commentOf(submission: APIModalSubmission): string | undefined {
  for (const component of submission.components) {
    const inputs =
      component.type === ComponentType.Label
        ? [component.component]
        : component.type === ComponentType.ActionRow
          ? component.components
          : [];
    for (const input of inputs) {
      if (input.custom_id === commentInputId && "value" in input && typeof input.value === "string") {
        const comment = input.value.trim();
        return comment === "" ? undefined : comment;
      }
    }
  }
  return undefined;
}
