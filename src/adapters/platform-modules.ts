import { discordModule } from "./discord/discord-module.js";
import type { PlatformModule } from "./platform-module.js";

/** Every chat platform rte can serve; each is started only when its variables are set. */
export const platformModules: PlatformModule[] = [discordModule];
