import type { Model, ModelEvent, ModelRequest } from "../../src/core/model.js";
import type { FakeAnthropic } from "../fakes/fake-anthropic.js";

/** The Claude model's options pointed at the fake Messages API. */
export function fakeModelOptions(fake: FakeAnthropic) {
  return { apiKey: "test-key", baseUrl: fake.url, model: "claude-sonnet-5-5", maxTokens: 1024 };
}

/** What one answer's stream yielded, its text joined, and the error it ended with (undefined: none). */
export interface StreamOutcome {
  events: ModelEvent[];
  text: string;
  error: unknown;
}

export const askedHi: ModelRequest = {
  system: "You are a senior real-time engineer.",
  turns: [{ role: "user", text: "hi" }],
};

/**
 * Reads a model's stream to its end. `onEvent` runs as each event is read (a test aborts there, or learns
 * that the answer is in flight), so a failure is caught as data instead of failing the test where it is thrown.
 */
export async function streamOutcome(
  model: Model,
  options: { request?: ModelRequest; signal?: AbortSignal; onEvent?: (event: ModelEvent) => void } = {},
): Promise<StreamOutcome> {
  const events: ModelEvent[] = [];
  let error: unknown;
  try {
    for await (const event of model.stream(
      options.request ?? askedHi,
      options.signal ?? new AbortController().signal,
    )) {
      events.push(event);
      options.onEvent?.(event);
    }
  } catch (caught) {
    error = caught;
  }
  const text = events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("");
  return { events, text, error };
}

/** A request whose one turn says `text`, to tell concurrent answers apart in the fake's `respondWith`. */
export function asking(text: string): ModelRequest {
  return { ...askedHi, turns: [{ role: "user", text }] };
}
