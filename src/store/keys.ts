/** Redis keys rte keeps beside the queue, all under the same prefix so a Redis Cluster hash tag covers them. */
export function keyFor(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(":");
}
