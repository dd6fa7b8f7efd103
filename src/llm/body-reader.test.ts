import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batchMs, createBodyReader } from "./body-reader.js";

const text = (chunks: Buffer[] | null) => (chunks === null ? null : Buffer.concat(chunks).toString());

describe("createBodyReader", () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1_000;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const open = () => {
    const body = new PassThrough();
    return { body, reader: createBodyReader(body, {}, () => clock) };
  };
  /** Lets the stream's events and the reader's promises run. */
  const settle = () => vi.advanceTimersByTimeAsync(0);

  it("gives the first chunk at once, then what arrives within the interval as one batch when it is due", async () => {
    const { body, reader } = open();
    const first = reader.read();
    body.write("a");
    await settle();
    expect(text(await first)).toBe("a");

    let second: Buffer[] | null | undefined;
    void Promise.resolve(reader.read()).then((chunks) => {
      second = chunks;
    });
    body.write("b");
    body.write("c");
    await settle();
    expect(second).toBeUndefined();
    clock += batchMs;
    await vi.advanceTimersByTimeAsync(batchMs);
    expect(text(second ?? null)).toBe("bc");
  });

  it("gives what is held at once when the body ends, then the end", async () => {
    const { body, reader } = open();
    body.write("a");
    await settle();
    expect(text(await reader.read())).toBe("a");
    const next = reader.read();
    body.write("b");
    body.end();
    await settle();
    expect(text(await next)).toBe("b");
    await settle();
    expect(await reader.read()).toBeNull();
  });

  it("gives the chunks that came before an error, then throws it", async () => {
    const { body, reader } = open();
    body.write("a");
    await settle();
    await reader.read();
    const next = reader.read();
    body.write("b");
    body.destroy(new Error("other side closed"));
    await settle();
    expect(text(await next)).toBe("b");
    expect(() => reader.read()).toThrow("other side closed");
  });

  it("ends in an error when the body is closed before its end without one", async () => {
    const { body, reader } = open();
    const next = expect(reader.read()).rejects.toThrow("closed before its end");
    body.destroy();
    await settle();
    await next;
  });
});
