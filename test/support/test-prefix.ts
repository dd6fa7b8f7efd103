import { randomUUID } from "node:crypto";

/** A fresh Redis key prefix per test: the queue and every rte key under it start empty. */
export function testPrefix(): string {
  return `rte-test-${randomUUID().slice(0, 8)}`;
}
