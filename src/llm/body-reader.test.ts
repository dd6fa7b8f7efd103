import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batchMs, createBodyReader, heldBytesLimit } from "./body-reader.js";

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
  /** A reader whose connection records what the reader asked of it. */
  const open = () => {
    const asked = { resumes: 0, cancels: 0 };
    const flow = { resume: () => asked.resumes++, cancel: () => asked.cancels++ };
    return { asked, body: createBodyReader(flow, {}, () => clock) };
  };
  /** Lets the reader's timers and promises run. */
  const settle = () => vi.advanceTimersByTimeAsync(0);

  it("gives the first chunk at once, then what arrives within the interval as one batch when it is due", async () => {
    const { body } = open();
    const first = body.read();
    body.push(Buffer.from("a"));
    expect(text(await first)).toBe("a");

    let second: Buffer[] | null | undefined;
    void Promise.resolve(body.read()).then((chunks) => {
      second = chunks;
    });
    body.push(Buffer.from("b"));
    body.push(Buffer.from("c"));
    await settle();
    expect(second).toBeUndefined();
    clock += batchMs;
    await vi.advanceTimersByTimeAsync(batchMs);
    expect(text(second ?? null)).toBe("bc");
  });

  it("gives what is held at once when the body ends, then the end", async () => {
    const { body } = open();
    body.push(Buffer.from("a"));
    expect(text(await body.read())).toBe("a");
    const next = body.read();
    body.push(Buffer.from("b"));
    body.end();
    expect(text(await next)).toBe("b");
    expect(await body.read()).toBeNull();
  });

  it("gives the chunks that came before an error, then throws it", async () => {
    const { body } = open();
    body.push(Buffer.from("a"));
    await body.read();
    const next = body.read();
    body.push(Buffer.from("b"));
    body.fail(new Error("other side closed"));
    expect(text(await next)).toBe("b");
    expect(() => body.read()).toThrow("other side closed");
  });

  it("frees the connection when cancelled, and ends a read still waiting in an error", async () => {
    const { asked, body } = open();
    const next = expect(body.read()).rejects.toThrow("closed before its end");
    body.cancel();
    await next;
    expect(asked.cancels).toBe(1);
    // The connection's own abort error that follows is not news.
    body.fail(new Error("Request aborted"));
    expect(() => body.read()).toThrow("closed before its end");
  });

  it("asks the connection to pause once more than the limit is held, and to resume once it is taken", async () => {
    const { asked, body } = open();
    const half = Buffer.alloc(heldBytesLimit / 2);
    expect(body.push(half)).toBe(true);
    expect(body.push(half)).toBe(true);
    expect(body.push(Buffer.from("a"))).toBe(false);
    expect(asked.resumes).toBe(0);
    expect((await body.read())?.length).toBe(3);
    expect(asked.resumes).toBe(1);
    // Taken again without having paused: nothing to resume.
    clock += batchMs;
    body.push(Buffer.from("b"));
    await body.read();
    expect(asked.resumes).toBe(1);
  });
});
