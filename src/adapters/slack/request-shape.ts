import type { IncomingMessage } from "node:http";
import { parse } from "node:querystring";
import { isWellFormedCommand } from "./event-shape.js";
import { commandName } from "./slash-command.js";

/** Bolt's own limit for a request body (`HTTPModuleFunctions.defaultBodyLimit`). */
export const bodyLimitBytes = 4 * 1024 * 1024;

/** A request body read ahead of Bolt: Bolt reuses `rawBody` when it is already set (`bufferIncomingMessage`). */
export type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * Reads the body the way Bolt will and says whether Bolt can route it. Bolt assumes a parsed body is an
 * object and an `event` is one too: a signed `null`, `[]` or `{"event":null}` made it throw outside any
 * handler (an unhandled rejection and a request left hanging) or inside `processEvent` (a 500, so Slack
 * would redeliver it forever). Bodies that fail here get a 400 before Bolt sees them.
 */
export async function readRoutableBody(
  request: BufferedRequest,
): Promise<{ ok: true; body: unknown } | { ok: false; status: 400 | 413 }> {
  const raw = await readBody(request);
  if (raw === undefined) return { ok: false, status: 413 };
  request.rawBody = raw;
  const body = parseLikeBolt(raw.toString(), request.headers["content-type"]);
  return isRoutable(body) ? { ok: true, body } : { ok: false, status: 400 };
}

/**
 * The whole body, or undefined once it passes the limit (the rest is left unread: the caller answers 413
 * and closes the connection). Read with listeners rather than `for await`: the async iterator cost every
 * delivery about 4 KB and a few microtask turns, on the path every acknowledgement waits for.
 */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | undefined, error?: Error) => {
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (error) reject(error);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > bodyLimitBytes) {
        request.pause();
        finish(undefined);
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = (error: Error) => finish(undefined, error);
    // Closed before its end: the sender gave up; nothing is answered to it.
    const onClose = () => finish(undefined, new Error("the request closed before its body was read"));
    request.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** bolt-js `parseHTTPRequestBody`: form bodies carry JSON in `payload`; anything else is JSON. */
function parseLikeBolt(text: string, contentType: string | undefined): unknown {
  try {
    if (contentType === "application/x-www-form-urlencoded") {
      const fields = parse(text);
      return typeof fields.payload === "string" ? JSON.parse(fields.payload) : { ...fields };
    }
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The fields Bolt's router reads before any listener (`getTypeAndConversation`, `App.processEvent`) have
 * the shapes Slack sends: an object body, an `event_callback` whose `event` is an object with a string `type`, object-or-absent
 * `channel`/`item`/`user`/`subteam`/`team`/`enterprise`/`view`, arrays of `actions` and of `authorizations` objects. Fields Bolt does not read are not checked.
 */
export function isRoutable(body: unknown): boolean {
  if (!isRecord(body) || !isKnownKind(body)) return false;
  const { event } = body;
  if (event !== undefined) {
    if (body.type !== "event_callback" || !isRecord(event) || typeof event.type !== "string") return false;
    if (!(event.channel === undefined || typeof event.channel === "string" || isRecord(event.channel)))
      return false;
    if (!(event.item === undefined || isRecord(event.item))) return false;
    if (!(event.user === undefined || typeof event.user === "string" || isRecord(event.user))) return false;
    if (!(event.subteam === undefined || isRecord(event.subteam))) return false;
  }
  const ids = ["team_id", "enterprise_id", "api_app_id", "context_team_id", "context_enterprise_id"];
  return (
    ids.every((field) => optional(body[field], isTextOrNull)) &&
    optional(body.channel, isRecord) &&
    optional(body.user, (user) => isRecord(user) || typeof user === "string") &&
    optional(body.team, (team) => team === null || isRecord(team)) &&
    optional(body.enterprise, (enterprise) => enterprise === null || isRecord(enterprise)) &&
    optional(body.view, isRecord) &&
    optional(body.actions, Array.isArray) &&
    optional(body.authorizations, (list) => Array.isArray(list) && list.every(isAuthorization))
  );
}

/**
 * What Slack sends to this endpoint: an event (or its URL check), a slash command, an interaction, an SSL
 * check. Anything else no listener would acknowledge, and Bolt would hold the response for its 3 s
 * unhandled-request timeout before a 404.
 */
function isKnownKind(body: Record<string, unknown>): boolean {
  if (body.type === "block_actions") {
    // Bolt dispatches each action to the listeners; with none, no listener acknowledges.
    return (
      isRecord(body.user) &&
      Array.isArray(body.actions) &&
      body.actions.length > 0 &&
      body.actions.every(isAction)
    );
  }
  if (body.type === "view_submission" || body.type === "view_closed") {
    // rte opens one kind of modal; Slack sends only the views an app opened.
    const { view } = body;
    return (
      isRecord(body.user) &&
      isRecord(view) &&
      typeof view.callback_id === "string" &&
      view.callback_id.startsWith("rte_")
    );
  }
  if (body.type === "message_action") {
    // rte's one message shortcut (message-shortcut.ts); another app's callback id has no listener here.
    return (
      typeof body.callback_id === "string" &&
      body.callback_id.startsWith("rte_") &&
      isRecord(body.user) &&
      isRecord(body.channel) &&
      isRecord(body.message)
    );
  }
  // A command no listener takes (another name) or can read is refused here, not left to time out or throw in
  // Bolt (a 500 Slack would retry).
  if (body.command !== undefined) return body.command === commandName && isWellFormedCommand(body);
  return body.event !== undefined || body.ssl_check !== undefined || body.type === "url_verification";
}

function isAction(action: unknown): boolean {
  return isRecord(action) && typeof action.action_id === "string" && optional(action.block_id, isText);
}

function isText(value: unknown): boolean {
  return typeof value === "string";
}

/** Bolt takes the workspace and bot ids of the context from the first authorization. */
function isAuthorization(value: unknown): boolean {
  return (
    isRecord(value) &&
    ["team_id", "enterprise_id", "user_id"].every((field) => optional(value[field], isTextOrNull))
  );
}

function isTextOrNull(value: unknown): boolean {
  return value === null || typeof value === "string";
}

function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
