import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../core/logger.js";

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface HttpServer {
  /** Adds a route for an exact path (query string ignored). */
  route(method: string, path: string, handler: RouteHandler): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  server: Server;
}

/**
 * The one HTTP server of a process: Slack's events endpoint, health and metrics. Routing is an exact
 * method + path match; anything else is 404. A handler that throws becomes a 500, never a crash.
 */
export function createHttpServer(logger: Logger): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const handler = routes.get(`${request.method} ${path}`);
    if (!handler) {
      const allowed = [...routes.keys()].filter((key) => key.endsWith(` ${path}`));
      response.writeHead(allowed.length > 0 ? 405 : 404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: allowed.length > 0 ? "method not allowed" : "not found" }));
      return;
    }
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        logger.error(
          { path, error: error instanceof Error ? error.message : String(error) },
          "http handler failed",
        );
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "internal error" }));
      });
  });
  // Slack waits 3 s for an ack; a client that sends nothing should not hold a socket much longer.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
