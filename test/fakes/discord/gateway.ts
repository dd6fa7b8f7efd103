import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { guildCreatePayload, membersChunk, readyPayload } from "./payloads.js";
import type { World } from "./world.js";

/**
 * The gateway, JSON encoding only (discord.js turns compression on only when `zlib-sync` is installed):
 * HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, RESUME with replay of what a session missed while
 * its socket was down, and the close codes Discord uses. Sessions outlive sockets, as on Discord, so a
 * dropped client resumes and gets its missed dispatches. No zombie detection, no send rate limit.
 * https://discord.com/developers/docs/events/gateway
 */
export interface Gateway {
  /** Sends a dispatch to every ready session whose intents include `requiredIntent` (0: always sent). */
  dispatch(event: string, requiredIntent: number, payloadFor: (intents: number) => unknown): void;
  dropConnections(options: { invalidateSessions: boolean }): void;
  readyClients(): number;
  received: GatewayFrame[];
  close(): void;
}

export interface GatewayFrame {
  op: number;
  d: unknown;
  at: number;
}

interface Session {
  id: string;
  intents: number;
  sequence: number;
  socket: WebSocket | undefined;
  sent: Array<{ op: 0; t: string; s: number; d: unknown }>;
}

export const intents = {
  guilds: 1 << 0,
  guildMessages: 1 << 9,
  guildMessageTyping: 1 << 11,
  directMessages: 1 << 12,
  messageContent: 1 << 15,
} as const;

const opcodes = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, ack: 11 };
// Opcodes a client may send that the fake accepts and ignores (presence, voice state, soundboard requests).
const ignoredOpcodes = new Set([3, 4, 31]);
const requestGuildMembers = 8;
const replayLimit = 1000;

export function createGateway(options: {
  world: World;
  server: Server;
  heartbeatIntervalMs: number;
}): Gateway {
  const { world } = options;
  const sessions = new Map<string, Session>();
  const received: GatewayFrame[] = [];
  const server = new WebSocketServer({ server: options.server });

  server.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    const query = new URL(request.url ?? "/", "ws://localhost").searchParams;
    if (query.get("v") !== "10") return socket.close(4012, "Invalid API version.");
    if ((query.get("encoding") ?? "json") !== "json") return socket.close(4002, "The fake speaks JSON only.");
    let session: Session | undefined;
    send(socket, {
      op: opcodes.hello,
      d: { heartbeat_interval: options.heartbeatIntervalMs, _trace: ["fake"] },
    });

    socket.on("message", (raw) => {
      let frame: { op?: unknown; d?: unknown };
      try {
        frame = JSON.parse(raw.toString());
      } catch {
        return socket.close(4002, "Error while decoding payload.");
      }
      const op = typeof frame.op === "number" ? frame.op : -1;
      received.push({ op, d: frame.d, at: Date.now() });
      if (op === opcodes.heartbeat) return send(socket, { op: opcodes.ack });
      if (op === opcodes.identify) {
        if (session) return socket.close(4005, "Already authenticated.");
        session = identify(socket, frame.d as IdentifyData);
        return;
      }
      if (op === opcodes.resume) {
        session = resume(socket, frame.d as ResumeData);
        return;
      }
      if (!session) return socket.close(4003, "Not authenticated.");
      // `guild.members.fetch()` waits for the chunk, so it must come.
      if (op === requestGuildMembers)
        return deliver(session, "GUILD_MEMBERS_CHUNK", membersChunk(world, frame.d));
      if (!ignoredOpcodes.has(op)) socket.close(4001, "Unknown opcode.");
    });

    socket.on("close", (code) => {
      if (!session || session.socket !== socket) return;
      session.socket = undefined;
      // A client closing with 1000/1001 ends its session; Discord keeps it for resuming after anything else.
      if (code === 1000 || code === 1001) sessions.delete(session.id);
    });
  });

  interface IdentifyData {
    token?: string;
    intents?: number;
    shard?: [number, number];
  }
  function identify(socket: WebSocket, data: IdentifyData): Session | undefined {
    if (data?.token !== world.token) return void socket.close(4004, "Authentication failed.");
    const requested = data.intents;
    if (typeof requested !== "number" || requested < 0 || requested >= 1 << 26) {
      return void socket.close(4013, "Invalid intent(s).");
    }
    if (requested & intents.messageContent && !world.messageContentIntentAllowed) {
      return void socket.close(4014, "Disallowed intent(s).");
    }
    const shard = data.shard ?? [0, 1];
    if (shard[0] !== 0 || shard[1] !== 1) return void socket.close(4010, "Invalid shard.");
    const session: Session = {
      id: randomUUID().replaceAll("-", ""),
      intents: requested,
      sequence: 0,
      socket,
      sent: [],
    };
    sessions.set(session.id, session);
    deliver(session, "READY", readyPayload(world, session.id, shard));
    if (requested & intents.guilds) deliver(session, "GUILD_CREATE", guildCreatePayload(world));
    return session;
  }

  interface ResumeData {
    token?: string;
    session_id?: string;
    seq?: number | null;
  }
  function resume(socket: WebSocket, data: ResumeData): Session | undefined {
    const session = sessions.get(data?.session_id ?? "");
    const seq = data?.seq ?? 0;
    const oldest = session?.sent[0]?.s ?? 1;
    const replayable = session && seq >= oldest - 1 && seq <= session.sequence;
    if (!session || !replayable || data.token !== world.token) {
      // d: false = "start a new session"; discord.js then identifies again.
      send(socket, { op: opcodes.invalidSession, d: false });
      return undefined;
    }
    if (session.socket) drop(session);
    session.socket = socket;
    for (const frame of session.sent) if (frame.s > seq) send(socket, frame);
    deliver(session, "RESUMED", { _trace: ["fake"] });
    return session;
  }

  /** An abrupt drop (close code 1006 at the client), like a network failure: discord.js then resumes. */
  function drop(session: Session): void {
    if (!session.socket) return;
    session.socket.terminate();
    session.socket = undefined;
  }

  function deliver(session: Session, event: string, d: unknown): void {
    session.sequence += 1;
    const frame = { op: 0 as const, t: event, s: session.sequence, d };
    session.sent.push(frame);
    if (session.sent.length > replayLimit) session.sent.shift();
    if (session.socket) send(session.socket, frame);
  }

  return {
    dispatch(event, requiredIntent, payloadFor) {
      for (const session of sessions.values()) {
        if (requiredIntent !== 0 && (session.intents & requiredIntent) === 0) continue;
        deliver(session, event, payloadFor(session.intents));
      }
    },
    dropConnections({ invalidateSessions }) {
      for (const session of sessions.values()) {
        if (invalidateSessions) sessions.delete(session.id);
        drop(session);
      }
    },
    readyClients: () => [...sessions.values()].filter((session) => session.socket).length,
    received,
    close() {
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}

function send(socket: WebSocket, frame: { op: number; d?: unknown; t?: string; s?: number }): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify({ t: null, s: null, d: null, ...frame }));
}
