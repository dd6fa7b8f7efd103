import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { serverSentEvent, streamEvent } from "../../test/fakes/anthropic/wire.js";
import { createMessageEventDecoder } from "./message-events.js";

const delta = (text: string) =>
  streamEvent({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });

/** Every event the decoder gives for `body` cut into reads of `size` bytes, and a failure if one came. */
function decodeInReads(body: string, size: number) {
  const bytes = new TextEncoder().encode(body);
  const decoder = createMessageEventDecoder(new Headers({ "request-id": "req_1" }));
  const events: Anthropic.RawMessageStreamEvent[] = [];
  let failure: Error | undefined;
  for (let start = 0; start <= bytes.length; start += size) {
    const decoded =
      start < bytes.length ? decoder.decode([bytes.subarray(start, start + size)]) : decoder.end();
    events.push(...decoded.events);
    failure ??= decoded.failure;
  }
  return { events, failure };
}

describe("createMessageEventDecoder", () => {
  it("gives every event whole and in order, however the reads cut the bytes (UTF-8 included)", () => {
    const body = [delta("Ünïcödé "), serverSentEvent("ping", { type: "ping" }), delta("→ done ✅")].join("");
    for (const size of [1, 2, 3, 7, 64, body.length * 4]) {
      const { events, failure } = decodeInReads(body, size);
      expect(failure).toBeUndefined();
      expect(events.map((event) => event.type === "content_block_delta" && event.delta)).toEqual([
        { type: "text_delta", text: "Ünïcödé " },
        { type: "text_delta", text: "→ done ✅" },
      ]);
    }
  });

  it("returns the events before an error event, then the error as the SDK's APIError", () => {
    const error = { type: "error", error: { type: "overloaded_error", message: "Overloaded" } };
    const { events, failure } = decodeInReads(delta("Use s") + serverSentEvent("error", error), 1_000);
    expect(events).toHaveLength(1);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect(failure).toMatchObject({ status: undefined, error });
  });

  it("throws on data that is not JSON, as the SDK does", () => {
    expect(() => decodeInReads("event: content_block_delta\ndata: {not json\n\n", 1_000)).toThrow(
      SyntaxError,
    );
  });
});
