import type { Registry } from "prom-client";
import type { HttpServer } from "./http-server.js";

/**
 * `/metrics` in the Prometheus text format. Every rte process serves its own: Prometheus (or Fly's, via
 * fly.toml `[metrics]`) scrapes each machine, and counters add up across them.
 */
export function addMetricsRoute(http: HttpServer, registry: Registry): void {
  http.route("GET", "/metrics", async (_request, response) => {
    const body = await registry.metrics();
    response.writeHead(200, { "content-type": registry.contentType });
    response.end(body);
  });
}
