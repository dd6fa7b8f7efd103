import type { IncomingMessage } from "node:http";
import { type MethodArgs, SlackMethodError } from "./method.js";

/**
 * Arguments WebClient JSON-encodes inside its form body (`serializeBody` stringifies every non-scalar);
 * Slack decodes them per method schema, the fake by name.
 */
const STRUCTURED_ARGUMENTS = [
  "attachments",
  "blocks",
  "chunks",
  "files",
  "metadata",
  "loading_messages",
  "prompts",
  "file_ids",
  "view",
];

export interface ApiRequest {
  args: MethodArgs;
  token: string | undefined;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/**
 * Query string and body together, as Slack accepts both: form-encoded (what WebClient sends), JSON
 * (`application/json`, token then only in the header), or multipart (WebClient, when an argument is a Buffer).
 */
export async function parseApiRequest(request: IncomingMessage, url: URL, body: Buffer): Promise<ApiRequest> {
  const args: MethodArgs = Object.fromEntries(url.searchParams);
  const contentType = request.headers["content-type"] ?? "";
  if (body.length > 0) Object.assign(args, await parseBody(contentType, body));
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const argumentToken = typeof args.token === "string" ? args.token : undefined;
  delete args.token;
  for (const key of STRUCTURED_ARGUMENTS) {
    const value = args[key];
    if (typeof value === "string" && /^\s*[[{]/.test(value)) args[key] = parseJsonOr(value, value);
  }
  return { args, token: bearer ?? argumentToken };
}

async function parseBody(contentType: string, body: Buffer): Promise<MethodArgs> {
  if (contentType.startsWith("application/json")) {
    const parsed: unknown = parseJsonOr(body.toString("utf8"), undefined);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SlackMethodError("invalid_json");
    }
    return parsed as MethodArgs;
  }
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const fields: MethodArgs = {};
    for (const [key, value] of form.entries()) if (typeof value === "string") fields[key] = value;
    return fields;
  }
  return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
}

function parseJsonOr<T>(text: string, fallback: T): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
