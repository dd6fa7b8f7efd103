/**
 * `promise`'s value if it resolves within `timeoutMs`, else what `late()` gives then (a value, or a
 * rejected promise to fail instead). The late promise is left to settle on its own; nothing is cancelled.
 * A rejection that comes in time is passed on.
 */
export async function settleWithin<T, L>(
  promise: Promise<T>,
  timeoutMs: number,
  late: () => L | Promise<L>,
): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const lateOutcome = new Promise<L>((resolve) => {
    timer = setTimeout(() => resolve(late()), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([promise, lateOutcome]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `promise` at most `timeoutMs`: true when it resolved in time, false when it had not settled. */
export function finishesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  return settleWithin(
    promise.then(() => true as const),
    timeoutMs,
    () => false as const,
  );
}
