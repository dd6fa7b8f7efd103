import { discordModule } from "./discord/discord-module.js";
import type { PlatformModule } from "./platform-module.js";
import { slackModule } from "./slack/slack-module.js";

/** Every chat platform rte can serve; each is started only when its variables are set. */
export const platformModules: PlatformModule[] = [slackModule, discordModule];
