/** A download that has not finished by then is skipped (named, not read) rather than holding the answer. */
const downloadTimeoutMs = 10_000;

/**
 * The first `maxBytes` bytes at `url`; the rest is never transferred. `headers` carry what the platform
 * needs (Slack: the bot token); a response the caller rejects with `accept` is an error, not a file.
 */
export async function downloadPrefix(
  url: string,
  maxBytes: number,
  signal: AbortSignal,
  options: { headers?: Record<string, string>; accept?: (response: Response) => string | undefined } = {},
): Promise<Uint8Array> {
  const response = await fetch(url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(downloadTimeoutMs)]),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const refused = response.ok ? options.accept?.(response) : `HTTP ${response.status}`;
  if (refused !== undefined || !response.body) {
    await response.body?.cancel();
    throw new Error(refused ?? "no body");
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body.getReader();
  while (length < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await reader.cancel();
  return Buffer.concat(chunks).subarray(0, maxBytes);
}
