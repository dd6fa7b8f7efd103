import { type IncomingMessage, type RequestListener, type ServerResponse, STATUS_CODES } from "node:http";
import { assistantMethods } from "./assistant-methods.js";
import { chatMethods } from "./chat-methods.js";
import { conversationMethods } from "./conversation-methods.js";
import { fileMethods, receiveUpload, UPLOAD_PATH } from "./file-methods.js";
import { identityMethods } from "./identity-methods.js";
import { type MethodContext, type MethodTable, SlackMethodError } from "./method.js";
import { reactionMethods } from "./reaction-methods.js";
import { parseApiRequest, readBody } from "./request.js";
import type { SlackState } from "./state.js";
import { streamMethods } from "./stream-methods.js";
import type { SlackCall, SlackCallListener, SlackFailure } from "./types.js";
import { viewMethods } from "./view-methods.js";

const METHODS: MethodTable = {
  ...identityMethods,
  ...chatMethods,
  ...streamMethods,
  ...conversationMethods,
  ...reactionMethods,
  ...assistantMethods,
  ...fileMethods,
  ...viewMethods,
};

export interface HttpHandlerOptions {
  state: SlackState;
  calls: SlackCall[];
  failures: Map<string, SlackFailure[]>;
  /** Told of every Web API call with the JSON it was answered with. */
  listeners: Set<SlackCallListener>;
  /** The token `url_private` downloads must carry. */
  botToken: string;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  origin: () => string;
  /** Sent as `x-oauth-scopes` on every Web API answer, as Slack does; WebClient reads it into `response_metadata.scopes`. */
  scopes?: string[];
  /** With Socket Mode on: the app-level token and the WebSocket URL `apps.connections.open` hands out. */
  socketMode?: { appToken: string; url: () => string };
}

/** An HTTP answer, built by the routes and written once. */
interface HttpReply {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  /** The Slack JSON answer, kept for listeners; absent for bare HTTP failures. */
  json?: Record<string, unknown>;
}

/** Routes `/api/<method>`, upload URLs and file downloads; a bug in the fake answers 500 and is logged. */
export function createHttpHandler(options: HttpHandlerOptions): RequestListener {
  return (request, response) => {
    route(options, request)
      .catch((error: unknown): HttpReply => {
        console.error("fake-slack: request handling failed", error);
        return { status: 500, contentType: "text/plain", body: String(error) };
      })
      .then((reply) => send(response, reply));
  };
}

async function route(options: HttpHandlerOptions, request: IncomingMessage): Promise<HttpReply> {
  const url = new URL(request.url ?? "/", options.origin());
  const body = await readBody(request);
  if (url.pathname.startsWith("/api/")) {
    const reply = await apiCall(options, url, request, body);
    if (options.scopes === undefined) return reply;
    return { ...reply, headers: { ...reply.headers, "x-oauth-scopes": options.scopes.join(",") } };
  }
  if (request.method === "POST" && url.pathname.startsWith(UPLOAD_PATH)) {
    const fileId = url.pathname.slice(UPLOAD_PATH.length);
    const result = await receiveUpload(options.state, fileId, request.headers["content-type"] ?? "", body);
    return { status: result.status, contentType: "text/plain", body: result.text };
  }
  const shared = /^\/files-pri\/[^/]+-([^/-]+)\//.exec(url.pathname);
  if (request.method === "GET" && shared?.[1] !== undefined) return privateFile(options, request, shared[1]);
  const download = /^\/files\/([^/]+)\//.exec(url.pathname);
  const content = download?.[1] === undefined ? undefined : options.state.files.get(download[1])?.content;
  if (request.method === "GET" && content !== undefined) {
    return { status: 200, contentType: "application/octet-stream", body: content };
  }
  return { status: 404, contentType: "text/plain", body: "Not Found" };
}

/**
 * `url_private`: the bytes for `Authorization: Bearer <bot token>`; otherwise Slack's sign-in page, as HTML
 * with a 200 (what Slack does for a missing or wrong token, or a token without files:read).
 */
function privateFile(options: HttpHandlerOptions, request: IncomingMessage, fileId: string): HttpReply {
  const file = options.state.files.get(fileId);
  const authorized = request.headers.authorization === `Bearer ${options.botToken}`;
  if (!authorized || file?.content === undefined) {
    return {
      status: 200,
      contentType: "text/html; charset=utf-8",
      body: "<!DOCTYPE html><title>Slack</title>Sign in",
    };
  }
  return { status: 200, contentType: file.mimetype ?? "application/octet-stream", body: file.content };
}

async function apiCall(
  options: HttpHandlerOptions,
  url: URL,
  request: IncomingMessage,
  body: Buffer,
): Promise<HttpReply> {
  const method = url.pathname.slice("/api/".length);
  let parsed: Awaited<ReturnType<typeof parseApiRequest>>;
  try {
    parsed = await parseApiRequest(request, url, body);
  } catch (error) {
    const call: SlackCall = { method, args: {}, token: undefined, at: Date.now() };
    options.calls.push(call);
    return notify(options, call, slackReply(failureBody(error)));
  }
  const call: SlackCall = {
    method,
    args: parsed.args,
    token: parsed.token,
    at: Date.now(),
    ...(request.headers["content-type"] ? { contentType: request.headers["content-type"] } : {}),
  };
  options.calls.push(call);
  return notify(options, call, answerCall(options, method, parsed));
}

function notify(options: HttpHandlerOptions, call: SlackCall, reply: HttpReply): HttpReply {
  for (const listener of options.listeners) listener(call, reply.json);
  return reply;
}

function answerCall(
  options: HttpHandlerOptions,
  method: string,
  parsed: Awaited<ReturnType<typeof parseApiRequest>>,
): HttpReply {
  const failure = options.failures.get(method)?.shift();
  if (failure !== undefined) return failureReply(failure);

  const handler = METHODS[method];
  if (handler === undefined) return slackReply({ ok: false, error: "unknown_method", req_method: method });
  const { identity } = options.state;
  if (parsed.token === undefined) return slackReply({ ok: false, error: "not_authed" });
  // docs.slack.dev/reference/methods/apps.connections.open: only an app-level token opens a connection.
  if (method === "apps.connections.open" && parsed.token === options.socketMode?.appToken) {
    return slackReply({ ok: true, url: options.socketMode.url() });
  }
  if (parsed.token !== identity.botToken) return slackReply({ ok: false, error: "invalid_auth" });

  const context: MethodContext = { state: options.state, identity, origin: options.origin() };
  try {
    return slackReply({ ok: true, ...handler(parsed.args, context) });
  } catch (error) {
    return slackReply(failureBody(error));
  }
}

function failureBody(error: unknown): Record<string, unknown> {
  if (!(error instanceof SlackMethodError)) throw error;
  return {
    ok: false,
    error: error.code,
    ...(error.messages.length === 0 ? {} : { response_metadata: { messages: error.messages } }),
  };
}

function failureReply(failure: SlackFailure): HttpReply {
  if ("error" in failure) return slackReply({ ok: false, error: failure.error });
  if ("retryAfterSeconds" in failure) {
    return {
      ...slackReply({ ok: false, error: "ratelimited" }),
      status: 429,
      headers: { "retry-after": String(failure.retryAfterSeconds) },
    };
  }
  return { status: failure.status, contentType: "text/plain", body: STATUS_CODES[failure.status] ?? "Error" };
}

/** Slack answers errors, too, with HTTP 200 and `{ ok: false, error }`. */
function slackReply(body: Record<string, unknown>): HttpReply {
  return {
    status: 200,
    contentType: "application/json; charset=utf-8",
    body: JSON.stringify(body),
    json: body,
  };
}

function send(response: ServerResponse, reply: HttpReply): void {
  response.writeHead(reply.status, {
    ...reply.headers,
    "content-type": reply.contentType,
    "content-length": Buffer.byteLength(reply.body),
  });
  response.end(reply.body);
}
