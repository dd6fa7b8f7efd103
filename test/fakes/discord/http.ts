import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DiscordApiError, notFound, unauthorized } from "./api-error.js";
import type { DiscordCall, FailNextFailure, RecordedFile } from "./types.js";
import type { World } from "./world.js";

/**
 * The REST transport: records every request, answers queued failures (`failNext`), routes the rest to
 * handlers, checks the bot token and adds rate-limit headers. Buckets are never exhausted on their own:
 * a 429 happens only when a test asks for one. https://discord.com/developers/docs/topics/rate-limits
 */
export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body (or `payload_json`); `{}` when there is none or it is not an object. */
  body: Record<string, unknown>;
  /** The body as parsed, for the routes whose body is an array (bulk-overwrite commands). */
  json: unknown;
  files: RecordedFile[];
}

export interface RouteReply {
  status: number;
  body?: unknown;
}

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** `/channels/:channelId/messages`; literal segments such as `@me` match themselves. */
  path: string;
  /** "bot": needs `Authorization: Bot <token>`. "none": interaction callbacks, interaction webhooks, /gateway. */
  auth: "bot" | "none";
  handle(context: RouteContext): RouteReply | Promise<RouteReply>;
}

/** A path parameter the route pattern guarantees. */
export function param(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  bucket: string;
}

interface QueuedFailure {
  method: string;
  pathPattern: RegExp;
  failure: FailNextFailure;
}

const apiPrefix = "/api/v10";

export function createHttpApi(world: World, routes: Route[]) {
  const calls: DiscordCall[] = [];
  const failures: QueuedFailure[] = [];
  const compiled: CompiledRoute[] = routes.map((route) => ({
    ...route,
    pattern: new RegExp(`^${route.path.replace(/:(\w+)/g, "(?<$1>[^/]+)")}$`),
    bucket: createHash("md5").update(`${route.method} ${route.path}`).digest("hex"),
  }));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "GET" && url.pathname.startsWith("/attachments/"))
      return serveAttachment(url, response);
    if (!url.pathname.startsWith(`${apiPrefix}/`)) return reply(response, 404, notFound().toJSON());
    // Clients percent-encode segments (@discordjs/core sends `/users/%40me`); Discord decodes them.
    const path = decodePath(url.pathname.slice(apiPrefix.length));
    const method = request.method ?? "GET";
    const raw = await readBody(request);
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(", ") : (value ?? ""),
      ]),
    );
    let parsed: { body: unknown; files: RecordedFile[] };
    try {
      parsed = await parseBody(raw, headers["content-type"] ?? "");
    } catch {
      return reply(response, 400, { message: "The request body contains invalid JSON.", code: 50109 });
    }
    const query = Object.fromEntries(url.searchParams);
    calls.push({ method, path, body: parsed.body, headers, at: Date.now(), query, files: parsed.files });

    const samePath = compiled.filter((route) => route.pattern.test(path));
    const route = samePath.find((candidate) => candidate.method === method);
    const failureIndex = failures.findIndex(
      (failure) => failure.method.toUpperCase() === method && failure.pathPattern.test(path),
    );
    const [queued] = failureIndex === -1 ? [] : failures.splice(failureIndex, 1);
    if (queued) return replyWithFailure(response, queued.failure, route?.bucket ?? "unrouted");
    if (!route) {
      if (samePath.length > 0) return reply(response, 405, { message: "405: Method Not Allowed", code: 0 });
      return reply(response, 404, notFound().toJSON());
    }
    if (route.auth === "bot" && headers.authorization !== `Bot ${world.token}`) {
      return reply(response, 401, unauthorized().toJSON());
    }
    const params = route.pattern.exec(path)?.groups ?? {};
    const rateLimitHeaders = bucketHeaders(route.bucket);
    try {
      const result = await route.handle({
        params,
        query: url.searchParams,
        body: isObject(parsed.body) ? parsed.body : {},
        json: parsed.body,
        files: parsed.files,
      });
      reply(response, result.status, result.body, rateLimitHeaders);
    } catch (error) {
      if (error instanceof DiscordApiError)
        return reply(response, error.status, error.toJSON(), rateLimitHeaders);
      console.error(`fake-discord: ${method} ${path} failed`, error);
      reply(response, 500, { message: "500: Internal Server Error", code: 0 });
    }
  }

  function serveAttachment(url: URL, response: ServerResponse): void {
    const attachment = world.attachments.get(url.pathname.split("/")[3] ?? "");
    if (!attachment) {
      reply(response, 404, notFound().toJSON());
      return;
    }
    response.writeHead(200, { "content-type": attachment.contentType }).end(attachment.data);
  }

  return {
    handle,
    calls,
    failNext(method: string, pathPattern: RegExp, failure: FailNextFailure): void {
      failures.push({ method, pathPattern, failure });
    },
  };
}

function bucketHeaders(bucket: string, remaining = 4, resetAfterSeconds = 5): Record<string, string> {
  return {
    "x-ratelimit-bucket": bucket,
    "x-ratelimit-limit": "5",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": (Date.now() / 1000 + resetAfterSeconds).toFixed(3),
    "x-ratelimit-reset-after": resetAfterSeconds.toFixed(3),
  };
}

// https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit
function replyWithFailure(response: ServerResponse, failure: FailNextFailure, bucket: string): void {
  if ("retryAfterSeconds" in failure) {
    const global = failure.global === true;
    // Discord rounds the Retry-After header up to whole seconds; the fake keeps the fraction so tests stay fast.
    reply(
      response,
      429,
      { message: "You are being rate limited.", retry_after: failure.retryAfterSeconds, global },
      {
        ...(global ? { "x-ratelimit-global": "true" } : bucketHeaders(bucket, 0, failure.retryAfterSeconds)),
        "x-ratelimit-scope": global ? "global" : "user",
        "retry-after": String(failure.retryAfterSeconds),
      },
    );
    return;
  }
  const message = failure.message ?? `${failure.status}: ${defaultMessages[failure.status] ?? "Error"}`;
  reply(response, failure.status, { message, code: failure.code ?? 0 });
}

const defaultMessages: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  response.writeHead(status, { ...headers, "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart/form-data as @discordjs/rest sends files: `payload_json` plus `files[n]` parts. */
async function parseBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType.startsWith("multipart/form-data"))
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  const form = await new Request("http://fake.invalid/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form) {
    if (typeof value === "string") {
      if (field === "payload_json") body = JSON.parse(value);
      continue;
    }
    const data = Buffer.from(await value.arrayBuffer());
    files.push({ field, filename: value.name, contentType: value.type || "application/octet-stream", data });
  }
  return { body, files };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}
