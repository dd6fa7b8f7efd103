import { loadConfig } from "../../src/config.js";
import { testPrefix } from "./test-prefix.js";

/** A real Config from a test environment: the same parser production uses, never a hand-made object. */
export function testConfig(environment: Record<string, string | undefined>) {
  return loadConfig({
    LOG_LEVEL: "silent",
    RTE_QUEUE_PREFIX: testPrefix(),
    ANTHROPIC_API_KEY: "test-key",
    ...environment,
  });
}
