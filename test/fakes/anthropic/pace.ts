/** How fast the fake "model" speaks, and the abortable waits that produce that speed. */
import { setTimeout as sleep } from "node:timers/promises";
import { charactersPerToken } from "./wire.js";

export interface Pace {
  /** Milliseconds between the response headers and the first content_block_delta. */
  timeToFirstTokenMs: number;
  /** Output speed in tokens (about four characters) per second; 0 means as fast as the socket takes it. */
  tokensPerSecond: number;
}

/** How long `characters` of output take at this pace, in milliseconds. */
export function speakingTimeMs(characters: number, pace: Pace): number {
  if (pace.tokensPerSecond <= 0) return 0;
  return (characters / charactersPerToken / pace.tokensPerSecond) * 1000;
}

/** Waits `milliseconds`; rejects with an AbortError as soon as the client leaves or the fake closes. */
export async function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (milliseconds > 0) await sleep(milliseconds, undefined, { signal });
}
