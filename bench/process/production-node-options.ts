/**
 * The Node options rte runs with in production: the Dockerfile's `ENV NODE_OPTIONS` (the heap size, which
 * `npm start` repeats). The bench starts rte's processes with them, so it measures what is deployed.
 */
import { readDockerfile } from "../../test/support/dockerfile.js";

export function productionNodeOptions(dockerfile = "Dockerfile"): string {
  const settings = readDockerfile(dockerfile).filter((instruction) => instruction.keyword === "ENV");
  for (const setting of settings.reverse()) {
    const match = /^NODE_OPTIONS=(?:"([^"]*)"|(\S+))$/.exec(setting.text);
    if (match) return match[1] ?? match[2] ?? "";
  }
  return "";
}
