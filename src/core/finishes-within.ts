/**
 * Waits for `promise` at most `timeoutMs`: true when it resolved in time, false when it had not settled by
 * then (it is left to settle on its own; nothing is cancelled). Rejects when it rejected in time.
 */
export async function finishesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
