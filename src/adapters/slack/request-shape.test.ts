import { once } from "node:events";
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type BufferedRequest, bodyLimitBytes, readRoutableBody } from "./request-shape.js";

type Read = Awaited<ReturnType<typeof readRoutableBody>>;

/** A server that reads each request with readRoutableBody and answers its status, as the events route. */
async function reader(): Promise<{ server: Server; port: number; reads: Array<Promise<Read>> }> {
  const reads: Array<Promise<Read>> = [];
  const server = createServer((incoming, response) => {
    const read = readRoutableBody(incoming as BufferedRequest);
    reads.push(read);
    read.then(
      (result) =>
        response
          .writeHead(result.ok ? 200 : result.status, result.ok ? {} : { connection: "close" })
          .end(result.ok ? (incoming as BufferedRequest).rawBody : undefined),
      () => response.destroy(),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port, reads };
}

/** Sends the chunks one by one (each its own write) and resolves with the status and the echoed body. */
function send(port: number, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { port, host: "127.0.0.1", method: "POST", headers: { "content-type": "application/json" } },
      (response: IncomingMessage) => {
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
        );
      },
    );
    outgoing.on("error", reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe("readRoutableBody: the events route's body, read before Bolt", () => {
  let running: Server | undefined;
  afterEach(() => {
    running?.closeAllConnections();
    running?.close();
  });

  it("joins a body sent in pieces, keeps its bytes for the signature, and parses it", async () => {
    const { server, port, reads } = await reader();
    running = server;
    const event = { type: "app_mention", text: "héllo ✓" };
    const json = JSON.stringify({ type: "event_callback", event });
    const bytes = Buffer.from(json);
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 30), bytes.subarray(30)];

    const answer = await send(port, pieces);

    expect(answer).toEqual({ status: 200, body: json });
    expect(await reads[0]).toEqual({ ok: true, body: JSON.parse(json) });
  });

  it("refuses a body Bolt could not route with a 400", async () => {
    const { server, port } = await reader();
    running = server;
    for (const body of ["null", "[]", '{"event":null}', "{not json"]) {
      expect((await send(port, [Buffer.from(body)])).status).toBe(400);
    }
  });

  it("stops reading a body over Bolt's limit and answers 413", async () => {
    const { server, port, reads } = await reader();
    running = server;
    const piece = Buffer.alloc(1024 * 1024, "a");
    const pieces = Array.from({ length: bodyLimitBytes / piece.length + 2 }, () => piece);

    // The server closes the connection after its 413, so the client may see a reset while still sending.
    const answer = await send(port, pieces).catch((error: NodeJS.ErrnoException) => error.code);

    expect(await reads[0]).toEqual({ ok: false, status: 413 });
    expect([413, "ECONNRESET", "EPIPE"]).toContainEqual(
      typeof answer === "object" && answer ? answer.status : answer,
    );
  });

  it("rejects when the sender goes away before the end of the body, so no route waits forever", async () => {
    const { server, port, reads } = await reader();
    running = server;
    const outgoing = request({
      port,
      host: "127.0.0.1",
      method: "POST",
      headers: { "content-length": "100" },
    });
    outgoing.on("error", () => {});
    outgoing.write('{"type":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    outgoing.destroy();

    await expect(reads[0]).rejects.toThrow();
  });
});
