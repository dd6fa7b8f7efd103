import Anthropic from "@anthropic-ai/sdk";
import { createParser } from "eventsource-parser";

/**
 * Decodes a streamed Messages response's body (the SDK's request, taken `asResponse()`) into raw events:
 * each call gets the bytes of one network read and returns every event they completed, in order. It reads
 * the stream as the SDK's own `Stream.fromSSEResponse` does: `ping` and unnamed events are skipped, an
 * `event: error` becomes the SDK's `APIError` (status undefined, as the SDK throws it), and a `data` that is
 * not JSON throws.
 *
 * Why not iterate the SDK's `Stream`: it is four async generators deep (body → chunks → SSE messages →
 * JSON events → the caller's loop), and every level costs each text delta a few promises and result
 * objects (about 750 bytes, `bench/micro/delta-allocations.ts`). At 1,000 answers streaming on one worker,
 * about 20,000 deltas a second, that garbage was most of the worker's allocations. Decoding here is
 * synchronous (`eventsource-parser`, the push parser the AI SDK uses), so the only `await` per read is the
 * read itself, in the caller's one loop. Only the reading of the body is rte's: the request, its headers,
 * timeout and status errors remain the SDK's.
 */
export function createMessageEventDecoder(headers: Headers) {
  let events: Anthropic.RawMessageStreamEvent[] = [];
  let failure: Error | undefined;
  const text = new TextDecoder();
  const parser = createParser({
    onEvent({ event, data }) {
      if (event === undefined || event === "ping" || failure !== undefined) return;
      if (event === "error") failure = streamError(data, headers);
      else if (data !== "") events.push(JSON.parse(data) as Anthropic.RawMessageStreamEvent);
    },
  });
  /** Events before an `event: error` still count; the error is thrown once the caller has them. */
  const take = (): DecodedEvents => {
    const taken = events;
    events = [];
    return failure === undefined ? { events: taken } : { events: taken, failure };
  };
  return {
    /** The events completed by these bytes (an event split across reads comes out with its last part). */
    decode(chunks: readonly Uint8Array[]): DecodedEvents {
      for (const bytes of chunks) parser.feed(text.decode(bytes, { stream: true }));
      return take();
    },
    /** What the end of the body completes. */
    end(): DecodedEvents {
      parser.feed(text.decode());
      return take();
    },
  };
}

export interface DecodedEvents {
  events: Anthropic.RawMessageStreamEvent[];
  /** An `event: error` came after `events`: the caller throws it once it has handled them. */
  failure?: Error;
}

/** The SDK's error for an `event: error` in the stream (e.g. `overloaded_error` mid-answer). */
function streamError(data: string, headers: Headers): Error {
  let body: unknown = data;
  try {
    body = JSON.parse(data);
  } catch {
    // Not JSON: the raw text is the error's body, as the SDK keeps it.
  }
  const type = (body as { error?: { type?: unknown } } | undefined)?.error?.type;
  return new Anthropic.APIError(
    undefined,
    body as object,
    undefined,
    headers,
    typeof type === "string" ? (type as Anthropic.ErrorType) : undefined,
  );
}
