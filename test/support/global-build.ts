import { execFileSync } from "node:child_process";

/**
 * Some tests run rte as real processes (`node dist/cli.js …`), as production does. Build once per test run so
 * they always exercise the code under test, never a stale dist/.
 */
export default function setup() {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}
