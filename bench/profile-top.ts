/**
 * `node dist-bench/bench/profile-top.js <file.cpuprofile> [count]`: the functions that used the most CPU in
 * a `--cpu-prof` profile (self time, summed per function and file), and the packages they belong to — a
 * flame graph's widest bars as text, enough to see where a bot's time goes.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string, functionName: string): string {
  if (url === "") return functionName || "(native)";
  // The innermost package: a dependency's own node_modules (bolt's undici) is that dependency.
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  const innermost = packages.at(-1)?.[1];
  if (innermost) return innermost;
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/dist/")) return "rte";
  return url.replace(/^file:\/\//, "");
}

const [file, countText] = process.argv.slice(2);
if (!file) {
  console.error("usage: node dist-bench/bench/profile-top.js <file.cpuprofile> [count]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
for (const [index, id] of profile.samples.entries()) {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
}
const idleIds = new Set(
  profile.nodes.filter((node) => node.callFrame.functionName === "(idle)").map((node) => node.id),
);
let idle = 0;
let total = 0;
for (const [id, micros] of selfMicros) {
  if (idleIds.has(id)) idle += micros;
  else total += micros;
}
const functions = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)?.callFrame;
  if (!frame || idleIds.has(id)) continue;
  const name = `${frame.functionName || "(anonymous)"}  ${frame.url.replace(/^.*node_modules\//, "")}:${frame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
  const pack = owner(frame.url, frame.functionName);
  packages.set(pack, (packages.get(pack) ?? 0) + micros);
}
const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)} %`;
const top = (entries: Map<string, number>, count: number) =>
  [...entries].sort((left, right) => right[1] - left[1]).slice(0, count);
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle; shares are of busy time\n\nby package:`,
);
for (const [name, micros] of top(packages, 12)) console.log(`${share(micros)}  ${name}`);
console.log("\nby function (self time):");
for (const [name, micros] of top(functions, Number(countText ?? 25)))
  console.log(`${share(micros)}  ${name}`);
