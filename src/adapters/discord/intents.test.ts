import { Client, Events, GatewayIntentBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../../test/fakes/fake-discord.js";
import { gatewayIntents, hasMessageContentIntent, isDisallowedIntents } from "./intents.js";

describe("hasMessageContentIntent", () => {
  it("reads the portal's switch from the application flags, full or limited", () => {
    expect(hasMessageContentIntent({ flags: 1 << 19 })).toBe(true);
    expect(hasMessageContentIntent({ flags: 1 << 18 })).toBe(true);
    expect(hasMessageContentIntent({ flags: (1 << 23) | (1 << 13) })).toBe(false);
  });

  it("asks the gateway for message content only when allowed", () => {
    expect(gatewayIntents(true)).toContain(GatewayIntentBits.MessageContent);
    expect(gatewayIntents(false)).not.toContain(GatewayIntentBits.MessageContent);
    expect(gatewayIntents(false)).toEqual([
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
    ]);
  });
});

describe("isDisallowedIntents", () => {
  let fake: FakeDiscord | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it("recognises how discord.js fails a login the gateway closed with 4014", async () => {
    fake = await startFakeDiscord({ messageContentIntentAllowed: false });
    client = new Client({ intents: gatewayIntents(true), rest: { api: fake.apiUrl } });
    const closeCodes: number[] = [];
    client.on(Events.ShardDisconnect, (event) => closeCodes.push(event.code));

    const error = await client.login(fake.token).catch((caught: unknown) => caught);

    expect(isDisallowedIntents(error, closeCodes)).toBe(true);
    expect(isDisallowedIntents(new Error("Authentication failed"), [4004])).toBe(false);
  });
});
