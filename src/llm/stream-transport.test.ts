import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../../test/support/redis-processes.js";
import type { BodyReader } from "./body-reader.js";
import { heldBytesLimit } from "./body-reader.js";
import { createStreamTransport, type StreamTransport } from "./stream-transport.js";

type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** Reads until the end, counting bytes; a rejection is returned with the bytes read before it. */
async function readAll(body: BodyReader): Promise<{ text: string; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for (let read = await body.read(); read !== null; read = await body.read()) chunks.push(...read);
    return { text: Buffer.concat(chunks).toString(), error: undefined };
  } catch (error) {
    return { text: Buffer.concat(chunks).toString(), error };
  }
}

describe("createStreamTransport against a loopback server", () => {
  let server: Server;
  let url: string;
  let route: Route;
  /** Set once a response's connection closed before the response was ended. */
  let abandoned = false;
  let requests = 0;
  let agent: Agent;
  let transport: StreamTransport;
  beforeEach(async () => {
    abandoned = false;
    requests = 0;
    server = createServer((request, response) => {
      requests++;
      response.once("close", () => {
        abandoned = !response.writableEnded;
      });
      route(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages?beta=true`;
    agent = new Agent();
    transport = createStreamTransport(agent);
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await agent.close();
  });

  it("hands a 2xx body's chunks to its reader and its headers to the Response", async () => {
    let seen: Record<string, unknown> = {};
    route = (request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk;
      });
      request.on("end", () => {
        seen = {
          method: request.method,
          url: request.url,
          apiKey: request.headers["x-api-key"],
          length: request.headers["content-length"],
          chunked: request.headers["transfer-encoding"],
          body,
        };
        response.writeHead(200, { "content-type": "text/event-stream", "request-id": "req_1" });
        response.write("event: ping\n\n");
        setTimeout(() => response.end("event: done\n\n"), 10);
      });
    };
    const response = await transport.fetch(url, {
      method: "POST",
      headers: { "x-api-key": "test-key" },
      body: '{"stream":"é"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toBe("req_1");
    expect(seen).toEqual({
      method: "POST",
      url: "/v1/messages?beta=true",
      apiKey: "test-key",
      // In one piece with its length in bytes (the body is let go once sent; stream-transport.ts).
      length: "15",
      chunked: undefined,
      body: '{"stream":"é"}',
    });
    const body = transport.open(response);
    expect(body).toBeDefined();
    expect(await readAll(body as BodyReader)).toEqual({
      text: "event: ping\n\nevent: done\n\n",
      error: undefined,
    });
  });

  it("reads a response that is not 2xx whole into the Response, for the SDK's APIError", async () => {
    route = (_request, response) => {
      response.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
      response.end('{"type":"error"}');
    };
    const response = await transport.fetch(url, { method: "POST", body: "{}" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.text()).toBe('{"type":"error"}');
    expect(transport.open(response)).toBeUndefined();
  });

  it("fails at once and sends nothing when the signal is already aborted", async () => {
    route = (_request, response) => response.end();
    const controller = new AbortController();
    controller.abort();
    await expect(
      transport.fetch(url, { method: "POST", body: "{}", signal: controller.signal }),
    ).rejects.toThrow("aborted");
    expect(requests).toBe(0);
  });

  it("frees the connection and fails the waiting read when the signal aborts mid-stream", async () => {
    route = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("event: ping\n\n"); // and then nothing, until the client leaves
    };
    const controller = new AbortController();
    const response = await transport.fetch(url, { method: "POST", body: "{}", signal: controller.signal });
    const body = transport.open(response) as BodyReader;
    expect(Buffer.concat((await body.read()) ?? []).toString()).toBe("event: ping\n\n");
    const waiting = body.read();
    controller.abort();
    await expect(waiting).rejects.toThrow("aborted");
    await eventually(() => abandoned, "the server to see the client leave", 5_000);
  });

  it("frees the connection when the reader is cancelled", async () => {
    route = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("event: ping\n\n");
    };
    const body = transport.open(await transport.fetch(url, { method: "POST", body: "{}" })) as BodyReader;
    await body.read();
    body.cancel();
    await eventually(() => abandoned, "the server to see the client leave", 5_000);
  });

  it("gives the chunks before a connection closed mid-body, then the connection's error", async () => {
    route = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("event: ping\n\n");
      setTimeout(() => response.destroy(), 20);
    };
    const body = transport.open(await transport.fetch(url, { method: "POST", body: "{}" })) as BodyReader;
    const { text, error } = await readAll(body);
    expect(text).toBe("event: ping\n\n");
    expect(error).toMatchObject({ message: "other side closed", code: "UND_ERR_SOCKET" });
  });

  it("stops reading from the network while over the limit is held, and reads on once it is taken", async () => {
    const total = 4 * heldBytesLimit;
    route = (_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      for (let sent = 0; sent < total; sent += 64 * 1024) response.write(Buffer.alloc(64 * 1024, 97));
      response.end();
    };
    const body = transport.open(await transport.fetch(url, { method: "POST", body: "{}" })) as BodyReader;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heldWhilePaused = ((await body.read()) ?? []).reduce((bytes, chunk) => bytes + chunk.length, 0);
    expect(heldWhilePaused).toBeGreaterThan(heldBytesLimit);
    expect(heldWhilePaused).toBeLessThan(2 * heldBytesLimit);
    const { text, error } = await readAll(body);
    expect(error).toBeUndefined();
    expect(heldWhilePaused + text.length).toBe(total);
  });

  it("leaves a request it does not handle (a Request) to fetch", async () => {
    route = (_request, response) => response.end("plain");
    const response = await transport.fetch(new Request(url));
    expect(await response.text()).toBe("plain");
    expect(transport.open(response)).toBeUndefined();
  });
});
