import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import { waitUntil } from "../../test/support/wait-until.js";
import { corkPerTurn } from "./coalesced-writes.js";
import { connectRedis } from "./connect-redis.js";

describe("corkPerTurn", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
  });

  const connectedSocket = async (): Promise<{ socket: Socket; received: () => string }> => {
    let data = "";
    server = createServer((peer) => peer.on("data", (chunk) => (data += chunk.toString())));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    return { socket, received: () => data };
  };

  it("hands what one callback writes to the kernel in one writev, in order", async () => {
    const { socket, received } = await connectedSocket();
    corkPerTurn(socket);
    const writev = vi.spyOn(socket as unknown as { _writev: () => void }, "_writev");
    const writeOne = vi.spyOn(socket as unknown as { _write: () => void }, "_write");

    for (let index = 0; index < 20; index++) socket.write(`command ${index}\n`);
    await Promise.resolve().then(() => socket.write("from a promise reaction\n"));

    await waitUntil(() => received().split("\n").length > 21, "every command at the server");
    expect(writev).toHaveBeenCalledTimes(1);
    expect(writeOne).not.toHaveBeenCalled();
    expect(received()).toBe(
      `${Array.from({ length: 20 }, (_, index) => `command ${index}\n`).join("")}from a promise reaction\n`,
    );
    socket.destroy();
  });

  it("writes again at once in the next callback", async () => {
    const { socket, received } = await connectedSocket();
    corkPerTurn(socket);

    socket.write("first\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.writableCorked).toBe(0);
    socket.write("second\n");

    await waitUntil(() => received() === "first\nsecond\n", "both writes at the server");
    socket.destroy();
  });
});

describe("a connection from connectRedis", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());

  it("answers every command given in one callback, in order, and again on the socket of a reconnect", async () => {
    const prefix = testPrefix();
    const roundTrip = async () => {
      const keys = Array.from({ length: 50 }, (_, index) => `${prefix}:coalesced:${index}`);
      await Promise.all(keys.map((key, index) => redis.set(key, String(index), "PX", 60_000)));
      return Promise.all(keys.map((key) => redis.get(key)));
    };
    const expected = Array.from({ length: 50 }, (_, index) => String(index));
    expect(await roundTrip()).toEqual(expected);

    const firstSocket = redis.stream;
    await redis
      .call("CLIENT", "KILL", "ID", String(await redis.client("ID")), "SKIPME", "no")
      .catch(() => {});
    await waitUntil(() => redis.status === "ready" && redis.stream !== firstSocket, "a new connection");
    const writev = vi.spyOn(redis.stream as unknown as { _writev: () => void }, "_writev");

    expect(await roundTrip()).toEqual(expected);
    expect(writev).toHaveBeenCalled();
  });
});
