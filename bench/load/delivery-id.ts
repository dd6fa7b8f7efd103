/**
 * The header the bench's client names each delivery with, so the receiving process's probe can report the
 * same delivery's time on its side (report/ack-parts.ts). Its own module: the probe is preloaded into every
 * measured process and should load nothing else of the client's.
 */
export const deliveryIdHeader = "x-bench-delivery";
