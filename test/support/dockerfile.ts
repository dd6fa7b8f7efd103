import { readFileSync } from "node:fs";

export interface Instruction {
  /** Upper case: FROM, RUN, COPY, … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  text: string;
  /** Index of the build stage (FROM) it belongs to; -1 before the first FROM. */
  stage: number;
}

/** Reads a Dockerfile's instructions: comments dropped, backslash continuations joined. */
export function readDockerfile(path: string): Instruction[] {
  const logical: string[] = [];
  let pending = "";
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (pending === "" && /^\s*#/.test(line)) continue;
    const continued = line.endsWith("\\");
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (!continued) {
      if (pending.trim() !== "") logical.push(pending.trim());
      pending = "";
    }
  }
  let stage = -1;
  return logical.map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage += 1;
    return { keyword: keyword.toUpperCase(), text: rest.join(" "), stage };
  });
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK … CMD; throws on the shell form. */
export function execForm(text: string): string[] {
  const json = text.slice(text.indexOf("["));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
    throw new Error(`not an exec-form array: ${text}`);
  }
  return parsed;
}
