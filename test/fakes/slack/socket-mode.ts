import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

export const SOCKET_MODE_PATH = "/socket-mode";

/** What an app sends back for an envelope: its id, and a response payload for commands. */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * Socket Mode as Slack speaks it (docs.slack.dev/apis/events-api/using-socket-mode): `apps.connections.open`
 * with an app-level token returns a `wss://` URL (here `ws://` on the fake's own port); on connecting, the
 * app gets `{"type":"hello"}`, then envelopes `{ envelope_id, type, payload, accepts_response_payload,
 * retry_attempt, retry_reason }`, each acknowledged by sending back `{ envelope_id, payload? }`.
 * Leaves out: `disconnect` messages, reconnection and Slack's own redelivery of unacknowledged envelopes.
 */
export interface FakeSocketMode {
  /** The app-level token `apps.connections.open` accepts. */
  appToken: string;
  /** Open connections. */
  connections(): number;
  /** Sends an envelope to the newest connection; resolves with the ack, or with undefined when none comes. */
  deliver(
    payload: object,
    options?: { type?: "events_api" | "slash_commands"; retryAttempt?: number; waitMs?: number },
  ): Promise<SocketModeAck | undefined>;
}

export function attachSocketMode(server: Server, appToken: string): FakeSocketMode {
  const sockets = new WebSocketServer({ noServer: true });
  const open = new Set<WebSocket>();
  const acks = new Map<string, (ack: SocketModeAck) => void>();
  server.on("upgrade", (request, socket, head) => {
    if (!(request.url ?? "").startsWith(SOCKET_MODE_PATH)) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (connection) => {
      open.add(connection);
      connection.on("close", () => open.delete(connection));
      connection.on("message", (data) => {
        const ack = JSON.parse(String(data)) as SocketModeAck;
        acks.get(ack.envelope_id)?.(ack);
      });
      connection.send(
        JSON.stringify({
          type: "hello",
          num_connections: open.size,
          debug_info: { host: "fake-slack", approximate_connection_time: 18060 },
          connection_info: { app_id: "A0APP" },
        }),
      );
    });
  });
  server.on("close", () => {
    for (const connection of open) connection.terminate();
    sockets.close();
  });
  return {
    appToken,
    connections: () => open.size,
    deliver(payload, options = {}) {
      const connection = [...open].at(-1);
      if (connection === undefined) return Promise.reject(new Error("fake-slack: no Socket Mode connection"));
      const envelopeId = randomUUID();
      const type = options.type ?? "events_api";
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          resolve(undefined);
        }, options.waitMs ?? 5_000);
        acks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          acks.delete(envelopeId);
          resolve(ack);
        });
        connection.send(
          JSON.stringify({
            envelope_id: envelopeId,
            payload,
            type,
            accepts_response_payload: type === "slash_commands",
            retry_attempt: options.retryAttempt ?? 0,
            retry_reason: options.retryAttempt ? "timeout" : "",
          }),
        );
      });
    },
  };
}
