import { describe, expect, it } from "vitest";
import type { Config } from "../config.js";
import { configuredPlatformModules } from "./platform-modules.js";

const withPlatforms = (platforms: Partial<Pick<Config, "slack" | "discord">>) =>
  ({ ...platforms }) as unknown as Config;

describe("configuredPlatformModules", () => {
  it("loads the modules of the platforms whose variables are set, and no other", async () => {
    const slack = {} as NonNullable<Config["slack"]>;
    const discord = {} as NonNullable<Config["discord"]>;
    const names = async (config: Config) =>
      (await configuredPlatformModules(config)).map((module) => module.name);

    expect(await names(withPlatforms({}))).toEqual([]);
    expect(await names(withPlatforms({ slack }))).toEqual(["slack"]);
    expect(await names(withPlatforms({ discord }))).toEqual(["discord"]);
    expect(await names(withPlatforms({ slack, discord }))).toEqual(["slack", "discord"]);
  });
});
