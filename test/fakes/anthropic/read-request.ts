/** Turns one incoming HTTP request into the data the fake records and tests assert on. */
import type { IncomingMessage } from "node:http";
import type { RecordedRequest } from "../fake-anthropic.js";

export async function readRequest(incoming: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: incoming.method ?? "GET",
    path: new URL(incoming.url ?? "/", "http://fake.invalid").pathname,
    headers,
    body: parseJson(text),
    receivedAt: Date.now(),
  };
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
