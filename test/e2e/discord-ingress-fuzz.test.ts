import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  API,
  type APIInteraction,
  ChannelType,
  type GatewayMessageCreateDispatchData,
} from "@discordjs/core/http-only";
import { REST } from "@discordjs/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAllowlist } from "../../src/adapters/discord/allowlist.js";
import { createCommandHandler } from "../../src/adapters/discord/command-handler.js";
import { restOptions } from "../../src/adapters/discord/discord-rest.js";
import { threadTypes } from "../../src/adapters/discord/message-ask.js";
import { createMessageHandler } from "../../src/adapters/discord/message-handler.js";
import type { Ask } from "../../src/core/ask.js";
import type { SubmitResult } from "../../src/ingress/submit.js";
import { createRecordingLogger } from "../fakes/recording-logger.js";
import { directMessage, guildMessage, ids, slashCommand } from "../fixtures/discord-payloads.js";
import { fuzzSeed, mutate, pick, type Random, seededRandom, strangeValue } from "../support/fuzz.js";

const messageCases = 3_000;
const interactionCases = 1_500;

/**
 * Discord REST that says yes to everything, so the handlers' calls (deferrals, refusals) succeed and only
 * the payload can make them fail.
 */
async function startAgreeableDiscord(): Promise<{ server: Server; api: API }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const body = JSON.stringify({
        id: "1190000000000000001",
        channel_id: ids.channel,
        content: "",
        type: 20,
      });
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const rest = new REST(restOptions(`http://127.0.0.1:${port}/api`)).setToken("token");
  return { server, api: new API(rest) };
}

/** Written by a person, as Discord marks it: the only messages that may ever become questions. */
function writtenByAPerson(payload: unknown): boolean {
  if (typeof payload !== "object" || payload === null) return false;
  const message = payload as Record<string, unknown>;
  const author = message.author as Record<string, unknown> | null | undefined;
  return (
    typeof author === "object" &&
    author !== null &&
    author.id !== ids.bot &&
    (author.bot === undefined || author.bot === false) &&
    (author.system === undefined || author.system === false) &&
    message.webhook_id === undefined &&
    (message.type === 0 || message.type === 19)
  );
}

function threadFollowUp(): GatewayMessageCreateDispatchData {
  return guildMessage({
    id: "1180000000000000020",
    channel_id: ids.thread,
    channel_type: ChannelType.PublicThread,
    content: "and what about ordering?",
    mentions: [],
  });
}

const focusedMessageMutations = (random: Random): Array<(payload: Record<string, unknown>) => void> => [
  (payload) => Object.assign(payload.author as object, { bot: true }),
  (payload) => Object.assign(payload.author as object, { bot: "true" }),
  (payload) => Object.assign(payload.author as object, { system: true }),
  (payload) => Object.assign(payload.author as object, { id: ids.bot }),
  (payload) => Object.assign(payload, { webhook_id: ids.webhook }),
  (payload) => Object.assign(payload, { type: Math.floor(random() * 50) }),
  (payload) => Object.assign(payload, { content: `<@${ids.bot}> ${"q".repeat(50_000)}` }),
  (payload) => Object.assign(payload, { content: `<@${ids.bot}>` }),
  (payload) => Object.assign(payload, { content: `<@${ids.bot}> 🚀\u202E\uD800 bids?` }),
];

describe("Discord ingress under thousands of mutated gateway payloads", () => {
  let agreeable: Awaited<ReturnType<typeof startAgreeableDiscord>>;
  beforeAll(async () => {
    agreeable = await startAgreeableDiscord();
  });
  afterAll(async () => {
    agreeable.server.closeAllConnections();
    await new Promise((resolve) => agreeable.server.close(resolve));
  });

  const recordingSubmit = (random: Random) => {
    const asks: Ask[] = [];
    const submit = async (ask: Ask): Promise<SubmitResult> => {
      asks.push(ask);
      const roll = random();
      if (roll < 0.05) throw new Error("Redis is down");
      if (roll < 0.1) return { status: "refused", reason: "slow down", silent: false };
      return { status: "queued" };
    };
    return { asks, submit };
  };

  it("MESSAGE_CREATE: never throws, and queues only what a person wrote", async () => {
    const seed = fuzzSeed(20_260_601);
    const random = seededRandom(seed);
    const { asks, submit } = recordingSubmit(random);
    const logger = createRecordingLogger();
    const handle = createMessageHandler({
      api: agreeable.api,
      botUserId: ids.bot,
      // As discord-ingress.ts finds them, without the gateway cache: payload first, then "a thread".
      channelFacts: async (message) => {
        if (message.guild_id === undefined) return { type: ChannelType.DM, parentId: null };
        const type = message.channel_type;
        if (type !== undefined && !threadTypes.has(type)) return { type, parentId: null };
        return { type: ChannelType.PublicThread, parentId: ids.channel };
      },
      botRoleId: () => ids.botRole,
      allowed: createAllowlist([]),
      joined: { join: async () => {}, hasJoined: async (conversation) => conversation.thread === ids.thread },
      submit,
      notices: { claim: async () => true, release: async () => {} },
      logger,
    });
    const bases = [guildMessage(), directMessage(), threadFollowUp()];
    const focused = focusedMessageMutations(random);
    const failures: string[] = [];
    let unmutatedQueued = 0;
    for (let index = 0; index < messageCases; index++) {
      const unmutated = index % 50 === 0;
      const payload = unmutated ? pick(random, bases) : mutate(pick(random, bases), random, focused);
      const before = asks.length;
      try {
        await handle(payload as GatewayMessageCreateDispatchData);
      } catch (error) {
        failures.push(`seed ${seed} case ${index}: threw ${String(error).slice(0, 200)}`);
      }
      if (asks.length === before) continue;
      if (unmutated) unmutatedQueued += 1;
      if (!writtenByAPerson(payload)) failures.push(`seed ${seed} case ${index}: queued a non-human message`);
      const ask = asks.at(-1);
      if (
        JSON.stringify(JSON.parse(JSON.stringify(ask))) !== JSON.stringify(ask) ||
        typeof ask?.text !== "string"
      ) {
        failures.push(`seed ${seed} case ${index}: the Ask is not plain JSON`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(unmutatedQueued).toBe(messageCases / 50);
    // Not vacuous: plenty of mutated payloads were still questions.
    expect(asks.length).toBeGreaterThan(messageCases / 10);
    expect(
      logger.lines.filter((line) => line.level === "error" && !/could not queue/.test(line.message ?? "")),
    ).toEqual([]);
  });

  it("INTERACTION_CREATE: never throws, and queues only a well-formed /rte with a question", async () => {
    const seed = fuzzSeed(20_260_602);
    const random = seededRandom(seed);
    const { asks, submit } = recordingSubmit(random);
    const handle = createCommandHandler({
      api: agreeable.api,
      allowed: createAllowlist([]),
      submit,
      logger: createRecordingLogger(),
    });
    const inThread = slashCommand("per lot?", {
      channel: { id: ids.thread, type: 11, guild_id: ids.guild, parent_id: ids.channel } as never,
    });
    const {
      guild_id: _guild,
      member: _member,
      ...dm
    } = slashCommand("in private", {
      channel: { id: ids.dm, type: 1 } as never,
    });
    const inDm = { ...dm, user: slashCommand().member?.user };
    const bases = [slashCommand(), inThread, inDm];
    const focused: Array<(payload: Record<string, unknown>) => void> = [
      (payload) => Object.assign(payload, { type: Math.floor(random() * 6) }),
      (payload) => Object.assign(payload.data as object, { name: "ping" }),
      (payload) =>
        Object.assign(payload.data as object, {
          options: [{ type: 3, name: "question", value: strangeValue(random) }],
        }),
      (payload) => Object.assign(payload, { token: "../../webhooks/x?y=1" }),
    ];
    const failures: string[] = [];
    for (let index = 0; index < interactionCases; index++) {
      const payload = index % 50 === 0 ? pick(random, bases) : mutate(pick(random, bases), random, focused);
      const before = asks.length;
      try {
        await handle(payload as APIInteraction);
      } catch (error) {
        failures.push(`seed ${seed} case ${index}: threw ${String(error).slice(0, 200)}`);
        if (process.env.FUZZ_DEBUG) console.log(error, JSON.stringify(payload).slice(0, 3000));
      }
      if (asks.length === before) continue;
      const interaction = payload as {
        type?: unknown;
        data?: { name?: unknown; options?: Array<{ value?: unknown }> };
      };
      const question = interaction.data?.options?.[0]?.value;
      if (
        interaction.type !== 2 ||
        interaction.data?.name !== "rte" ||
        typeof question !== "string" ||
        question.trim() === ""
      ) {
        failures.push(`seed ${seed} case ${index}: queued something that is not a /rte question`);
      }
      if (asks.at(-1)?.text !== (question as string).trim())
        failures.push(`seed ${seed} case ${index}: wrong text`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(asks.length).toBeGreaterThan(interactionCases / 10);
  });
});
