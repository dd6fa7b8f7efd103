import { type MethodArgs, type MethodTable, requiredString, SlackMethodError } from "./method.js";

// docs.slack.dev/reference/methods/views.open: a modal opened with a click's trigger_id (valid for 3 s,
// which the fake does not enforce). The view is in the recorded call; the fake answers with its id.
function open(args: MethodArgs): Record<string, unknown> {
  requiredString(args, "trigger_id", "invalid_trigger_id");
  const view = args.view;
  if (typeof view !== "object" || view === null || (view as { type?: unknown }).type !== "modal")
    throw new SlackMethodError("invalid_arguments", ["[ERROR] view must be a modal"]);
  return { view: { id: `V${Date.now().toString(36).toUpperCase()}`, ...view } };
}

export const viewMethods: MethodTable = { "views.open": open };
