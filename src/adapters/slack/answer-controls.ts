import { slackPlainText } from "./slack-format.js";

/**
 * The buttons rte puts on its Slack answers, and the comment form 👎 opens. A button's `value` is the Ask id
 * and nothing secret: the click comes back as a `block_actions` payload to any ingress process, which
 * needs nothing else to act. A message written with `markdown_text` cannot carry blocks, so a message with
 * buttons is a `markdown` block followed by an `actions` block, with a short `text` for notifications.
 * https://docs.slack.dev/reference/block-kit/blocks/actions-block
 * https://docs.slack.dev/reference/block-kit/blocks/markdown-block
 */
export const actionIds = {
  stop: "rte_stop",
  up: "rte_feedback_up",
  down: "rte_feedback_down",
} as const;

export type ControlAction = keyof typeof actionIds;

/**
 * Slack's own 👍/👎 for AI answers (a `context_actions` block with a `feedback_buttons` element), used in
 * DMs, Slack's agent surface. One element carries both buttons, so each button's value names the verdict
 * and the Ask: "up:<askId>". https://docs.slack.dev/reference/block-kit/block-elements/feedback-buttons-element
 */
export const nativeFeedbackActionId = "rte_feedback";

/** The 👎 comment modal's callback id, and its one input. */
export const commentViewId = "rte_feedback_comment";
const commentBlockId = "comment";
const commentInputId = "comment_input";
/** Room for a sentence or three; a longer essay belongs in the thread. */
const commentMaxLength = 1_000;
/** A notification shows a line or two; the message itself shows the markdown block. */
const fallbackLength = 300;

/** `native-feedback`: Slack's feedback buttons (DMs); `feedback`: plain 👍/👎 buttons (channels). */
export type Controls = "stop" | "feedback" | "native-feedback";

/** The content of a message showing `text` with the buttons for where the answer is. */
export function withControls(text: string, controls: Controls, askId: string) {
  const controlBlock =
    controls === "native-feedback"
      ? nativeFeedbackBlock(askId)
      : {
          type: "actions",
          block_id: `rte_${controls}`,
          elements:
            controls === "stop"
              ? [button("stop", askId, "⏹️ Stop")]
              : [button("up", askId, "👍"), button("down", askId, "👎")],
        };
  return {
    text: slackPlainText(text, fallbackLength),
    blocks: [{ type: "markdown", text }, controlBlock],
  };
}

/** Slack's 👍/👎 as the block under an answer (a message, or a stream as it stops). */
export function nativeFeedbackBlock(askId: string) {
  return { type: "context_actions", elements: [nativeFeedbackButtons(askId)] };
}

function nativeFeedbackButtons(askId: string) {
  const half = (verdict: "up" | "down", label: string, description: string) => ({
    text: { type: "plain_text", text: label },
    accessibility_label: description,
    value: `${verdict}:${askId}`,
  });
  return {
    type: "feedback_buttons",
    action_id: nativeFeedbackActionId,
    positive_button: half("up", "👍", "This answer helped"),
    negative_button: half("down", "👎", "This answer missed"),
  };
}

function button(action: ControlAction, askId: string, label: string) {
  return {
    type: "button",
    action_id: actionIds[action],
    text: { type: "plain_text", text: label, emoji: true },
    value: askId,
  };
}

/** The control an action names, or undefined when it is not one of rte's (or carries no Ask id). */
export function readControl(action: unknown): { action: ControlAction; askId: string } | undefined {
  if (typeof action !== "object" || action === null) return undefined;
  const { action_id: actionId, value } = action as Record<string, unknown>;
  if (actionId === nativeFeedbackActionId) {
    const native = typeof value === "string" ? /^(up|down):(slack-[\w.-]{1,200})$/.exec(value) : null;
    return native ? { action: native[1] as ControlAction, askId: native[2] as string } : undefined;
  }
  const found = (Object.keys(actionIds) as ControlAction[]).find((key) => actionIds[key] === actionId);
  if (found === undefined || typeof value !== "string" || !/^slack-[\w.-]{1,200}$/.test(value))
    return undefined;
  return { action: found, askId: value };
}

/** What 👎 opens: one optional paragraph; the Ask id rides in `private_metadata`. */
export function commentView(askId: string) {
  return {
    type: "modal" as const,
    callback_id: commentViewId,
    private_metadata: askId,
    title: { type: "plain_text" as const, text: "What went wrong?" },
    submit: { type: "plain_text" as const, text: "Send" },
    close: { type: "plain_text" as const, text: "Skip" },
    blocks: [
      {
        type: "input",
        block_id: commentBlockId,
        optional: true,
        label: { type: "plain_text", text: "Tell us what to fix (optional)" },
        element: {
          type: "plain_text_input",
          action_id: commentInputId,
          multiline: true,
          max_length: commentMaxLength,
        },
      },
    ],
  };
}

/** The comment typed into the modal, trimmed; undefined when left empty. */
export function commentOf(view: unknown): string | undefined {
  const values = (view as { state?: { values?: Record<string, Record<string, { value?: unknown }>> } })?.state
    ?.values;
  const value = values?.[commentBlockId]?.[commentInputId]?.value;
  if (typeof value !== "string") return undefined;
  const comment = value.trim().slice(0, commentMaxLength);
  return comment === "" ? undefined : comment;
}

/** The text of the `markdown` blocks of a message rte wrote with buttons, or undefined. */
export function markdownOfBlocks(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const texts = blocks.flatMap((block) =>
    typeof block === "object" && block !== null && block.type === "markdown" && typeof block.text === "string"
      ? [block.text as string]
      : [],
  );
  return texts.length > 0 ? texts.join("\n") : undefined;
}
