import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpHandler } from "./slack/http-handler.js";
import { attachSocketMode, SOCKET_MODE_PATH } from "./slack/socket-mode.js";
import { SlackState } from "./slack/state.js";
import type { FakeSlack, SlackCall, SlackCallListener, SlackFailure, SlackIdentity } from "./slack/types.js";

export {
  MARKDOWN_TEXT_LIMIT,
  MARKDOWN_TOO_LONG_ERROR,
  POST_TEXT_LIMIT,
  shownText,
  UPDATE_TEXT_LIMIT,
} from "./slack/message-content.js";
export type {
  FakeSlack,
  SlackCall,
  SlackCallListener,
  SlackFailure,
  SlackMessage,
  SlackReaction,
} from "./slack/types.js";

const DEFAULT_IDENTITY: SlackIdentity = {
  botToken: "xoxb-test",
  botUserId: "U0BOT",
  botId: "B0BOT",
  teamId: "T0TEAM",
};

/**
 * Starts the fake Slack Web API on 127.0.0.1 with a random port. Start it before `new App(...)`: Bolt
 * calls `auth.test` from its constructor when given a token.
 */
export async function startFakeSlack(
  options: Partial<Pick<FakeSlack, "botToken" | "botUserId" | "botId" | "teamId">> & {
    /** The bot token's scopes, sent as `x-oauth-scopes` on every answer (default: no header). */
    scopes?: string[];
    /** Turns Socket Mode on: this app-level token opens connections (see `socketMode`). */
    appToken?: string;
  } = {},
): Promise<FakeSlack> {
  const { scopes, appToken, ...rest } = options;
  const identity: SlackIdentity = { ...DEFAULT_IDENTITY, ...rest };
  const state = new SlackState(identity);
  const calls: SlackCall[] = [];
  const failures = new Map<string, SlackFailure[]>();
  const listeners = new Set<SlackCallListener>();
  let origin = "http://127.0.0.1";
  const server = createServer(
    createHttpHandler({
      state,
      calls,
      failures,
      listeners,
      botToken: identity.botToken,
      origin: () => origin,
      ...(scopes === undefined ? {} : { scopes }),
      ...(appToken === undefined
        ? {}
        : { socketMode: { appToken, url: () => `${origin.replace(/^http/, "ws")}${SOCKET_MODE_PATH}` } }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const socketMode = appToken === undefined ? undefined : attachSocketMode(server, appToken);

  return {
    ...identity,
    url: `${origin}/api/`,
    ...(socketMode === undefined ? {} : { socketMode }),
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages: (channel, threadTs) =>
      structuredClone(threadTs === undefined ? state.topLevel(channel) : state.thread(channel, threadTs)),
    addMessage: (message) => structuredClone(state.insert({ ...message, ts: message.ts ?? state.nextTs() })),
    failNext: (method, failure) => failures.set(method, [...(failures.get(method) ?? []), failure]),
    expireStream: (ts) => {
      const message = state.findAnywhere(ts);
      if (message?.streaming !== true) throw new Error(`fake-slack: no open stream with ts ${ts}`);
      message.streaming = false;
    },
    setTopic: (channel, topic) => {
      state.topics.set(channel, topic);
    },
    stopAgentSession: (channel, threadTs, user) => {
      const open = state.thread(channel, threadTs).filter((message) => message.streaming === true);
      for (const message of open) {
        message.streaming = false;
        message.stoppedByUser = true;
      }
      const eventTs = state.nextTs();
      return {
        token: "XXYYZZ",
        team_id: identity.teamId,
        api_app_id: "A0APP",
        type: "event_callback",
        event_id: `Ev${eventTs.replace(".", "")}`,
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: "agent_session_stopped",
          channel,
          user,
          thread_ts: threadTs,
          streaming_message_ts: open.map((message) => message.ts),
          event_ts: eventTs,
        },
      };
    },
    fileContent: (fileId) => state.files.get(fileId)?.content,
    onCall: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shareFile: ({ name, mimetype, content }) => {
      const id = state.nextFileId();
      const bytes = Buffer.from(content);
      state.files.set(id, {
        id,
        name,
        length: bytes.length,
        snippetType: undefined,
        created: Math.floor(Date.now() / 1000),
        content: bytes,
        ...(mimetype === undefined ? {} : { mimetype }),
      });
      return {
        id,
        name,
        title: name,
        ...(mimetype === undefined ? {} : { mimetype }),
        size: bytes.length,
        mode: "hosted",
        is_external: false,
        url_private: `${origin}/files-pri/${identity.teamId}-${id}/${encodeURIComponent(name)}`,
        url_private_download: `${origin}/files-pri/${identity.teamId}-${id}/download/${encodeURIComponent(name)}`,
      };
    },
    waitFor: (predicate, timeoutMs = 5_000) => waitFor(predicate, timeoutMs, calls),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() waits for their idle timeout.
        server.closeAllConnections();
      }),
  };
}

async function waitFor(predicate: () => boolean, timeoutMs: number, calls: SlackCall[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (predicate()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const recent = calls
    .slice(-10)
    .map((call) => `  ${call.method} ${JSON.stringify(call.args).slice(0, 200)}`);
  const reason = lastError === undefined ? "" : `\nlast predicate error: ${String(lastError)}`;
  throw new Error(
    `fake-slack: waitFor timed out after ${timeoutMs} ms; ${calls.length} Web API calls so far, ` +
      `the last ${recent.length}:\n${recent.join("\n")}${reason}`,
  );
}
