/** The benchmark's handle on its fakes host process: start it, seed threads, follow progress, collect. */
import { request, waitForReady } from "../process/ipc.js";
import type { ProbeReport } from "../process/probe.js";
import { type Child, nodeScript, type Supervisor } from "../process/supervisor.js";
import type { FakesOptions, FakesProgress, FakesReport, FakesUrls, SeedRoot } from "./fakes-protocol.js";

export interface Fakes extends FakesUrls {
  child: Child;
  seed(roots: SeedRoot[]): Promise<void>;
  progress(): Promise<FakesProgress>;
  report(): Promise<FakesReport>;
  resetProbe(): Promise<void>;
  /** The fakes' own CPU and event loop, to show whether they kept up. */
  probe(): Promise<ProbeReport>;
}

export async function startFakes(
  supervisor: Supervisor,
  options: FakesOptions,
  probe: string,
): Promise<Fakes> {
  const child = supervisor.start("fakes", {
    command: process.execPath,
    args: ["--import", probe, nodeScript("fakes/fakes-host.js"), JSON.stringify(options)],
    env: { PATH: process.env.PATH ?? "" },
    ipc: true,
  });
  await waitForReady(child.process);
  const urls = await request<FakesUrls>(child.process, "urls", undefined, 10_000);
  return {
    ...urls,
    child,
    async seed(roots) {
      await request(child.process, "seed", roots, 30_000);
    },
    progress: () => request<FakesProgress>(child.process, "progress", undefined, 10_000),
    report: () => request<FakesReport>(child.process, "report", undefined, 60_000),
    async resetProbe() {
      await request(child.process, "probe-reset");
    },
    probe: () => request<ProbeReport>(child.process, "probe-report"),
  };
}
