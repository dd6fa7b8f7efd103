import { readdirSync, readFileSync } from "node:fs";

/** The nice value of every thread of process `pid`, from /proc (field 19 of each task's stat). */
export function threadNiceness(pid: number | "self"): number[] {
  return readdirSync(`/proc/${pid}/task`).map((task) => {
    const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[16]);
  });
}

/** How many threads of process `pid` run at each nice value. */
export function threadsPerNiceness(pid: number | "self"): Map<number, number> {
  const counts = new Map<number, number>();
  for (const niceness of threadNiceness(pid)) counts.set(niceness, (counts.get(niceness) ?? 0) + 1);
  return counts;
}
