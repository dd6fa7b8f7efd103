/**
 * The paced fake model's answers: the kind of reply rte gives — a direct opening, headed sections with
 * code, a closing line — composed to a requested length from a few realistic pieces. Deterministic per
 * seed, so a run can be repeated and every answer checked on the fake Slack afterwards.
 *
 * The first and last sentences are plain prose (no Markdown, no characters Slack escapes), so the
 * benchmark can find them in whatever form the bot renders: the opening marks the first visible text, the
 * closing marks the complete answer.
 */

interface Topic {
  opening: string;
  sections: string[];
  closing: string;
}

const fence = "```";

const topics: Topic[] = [
  {
    opening:
      "Run the Socket.IO Redis adapter so every node sees every room, and keep sessions sticky at the load balancer.",
    sections: [
      `### Wire the adapter\n\nEach node publishes room broadcasts to Redis and subscribes to the others, so \`io.to(room).emit\` reaches sockets on every node:\n\n${fence}ts\nimport { createAdapter } from "@socket.io/redis-adapter";\nimport { createClient } from "redis";\nimport { Server } from "socket.io";\n\nconst pub = createClient({ url: process.env.REDIS_URL });\nconst sub = pub.duplicate();\nawait Promise.all([pub.connect(), sub.connect()]);\n\nexport const io = new Server(httpServer, {\n  adapter: createAdapter(pub, sub),\n  transports: ["websocket"],\n  pingInterval: 25_000,\n  pingTimeout: 20_000,\n});\n${fence}`,
      `### Sticky sessions\n\nLong-polling needs every request of one session on the same node. With WebSocket only you can skip it, but keep it if any client falls back:\n\n${fence}nginx\nupstream socketio {\n  ip_hash;\n  server 10.0.0.11:3000;\n  server 10.0.0.12:3000;\n}\n\nlocation /socket.io/ {\n  proxy_pass http://socketio;\n  proxy_http_version 1.1;\n  proxy_set_header Upgrade $http_upgrade;\n  proxy_set_header Connection "upgrade";\n}\n${fence}`,
      `### What breaks first\n\n- **Fan-out cost**: a broadcast to a big room is one Redis message but N socket writes on each node; shard hot rooms.\n- **Reconnect storms**: after a deploy every client reconnects at once. Add jitter on the client and drain nodes one at a time.\n- **Memory per socket**: budget 10–50 KB per connection with buffers; measure it under load before you size machines.`,
      `### Measure it\n\nExport the adapter's own numbers and the event loop's, and alert on the loop first:\n\n${fence}ts\nimport { monitorEventLoopDelay } from "node:perf_hooks";\n\nconst loop = monitorEventLoopDelay({ resolution: 10 });\nloop.enable();\nsetInterval(() => {\n  metrics.gauge("eventloop_p99_ms", loop.percentile(99) / 1e6);\n  metrics.gauge("sockets", io.engine.clientsCount);\n  loop.reset();\n}, 10_000).unref();\n${fence}`,
    ],
    closing:
      "Start with two nodes behind the balancer and load test the reconnect path before anything else.",
  },
  {
    opening:
      "Make the bid check and the write one atomic step in Redis, then broadcast the accepted bid to the auction room.",
    sections: [
      `### Atomic bid acceptance\n\nA Lua script runs alone on the Redis server, so two bids arriving together can never both win:\n\n${fence}lua\n-- KEYS[1] = auction hash, ARGV = bidder, amount, now (ms)\nlocal ends = tonumber(redis.call("HGET", KEYS[1], "ends_at"))\nlocal best = tonumber(redis.call("HGET", KEYS[1], "best") or "0")\nlocal amount = tonumber(ARGV[2])\nif tonumber(ARGV[3]) > ends then return {0, "closed"} end\nif amount <= best then return {0, "too_low"} end\nredis.call("HSET", KEYS[1], "best", amount, "bidder", ARGV[1])\nreturn {1, "accepted"}\n${fence}`,
      `### Call it from the socket handler\n\nAcknowledge the bidder with the outcome, then tell the room. Never trust the client's clock:\n\n${fence}ts\nsocket.on("bid", async ({ auctionId, amount }, ack) => {\n  const [accepted, reason] = (await redis.evalSha(placeBidSha, {\n    keys: [\`auction:\${auctionId}\`],\n    arguments: [socket.data.userId, String(amount), String(Date.now())],\n  })) as [number, string];\n  ack({ accepted: accepted === 1, reason });\n  if (accepted === 1) io.to(\`auction:\${auctionId}\`).emit("bid", { amount, at: Date.now() });\n});\n${fence}`,
      `### Anti-sniping\n\nExtend the end time when a bid lands in the last seconds, inside the same script, so every node agrees on the new deadline. Send the new \`ends_at\` with the broadcast; clients render a countdown from it.`,
      `### Rate limits\n\nLimit bids per user per second at the edge before they reach Redis:\n\n${fence}ts\nconst allowed = await limiter.consume(socket.data.userId).then(() => true, () => false);\nif (!allowed) return ack({ accepted: false, reason: "slow_down" });\n${fence}`,
    ],
    closing:
      "Test it with two clients bidding the same amount in the same millisecond and check that exactly one wins.",
  },
  {
    opening:
      "Index positions by geohash cell and subscribe each client to the few cells around it instead of to everyone.",
    sections: [
      `### Store positions\n\nRedis has geo commands built in; one sorted set per city keeps queries cheap:\n\n${fence}ts\nawait redis.geoAdd("drivers:berlin", {\n  longitude: position.lng,\n  latitude: position.lat,\n  member: driverId,\n});\nconst nearby = await redis.geoSearch(\n  "drivers:berlin",\n  { longitude: rider.lng, latitude: rider.lat },\n  { radius: 2, unit: "km" },\n);\n${fence}`,
      `### Subscribe by cell\n\nA client joins the room of its cell and the eight around it, and moves rooms when it crosses a boundary:\n\n${fence}ts\nfunction roomsFor(lat: number, lng: number): string[] {\n  const cell = geohash.encode(lat, lng, 6);\n  return [cell, ...geohash.neighbors(cell)].map((hash) => \`cell:\${hash}\`);\n}\n\nsocket.on("moved", ({ lat, lng }) => {\n  const next = new Set(roomsFor(lat, lng));\n  for (const room of socket.rooms) if (room.startsWith("cell:") && !next.has(room)) socket.leave(room);\n  for (const room of next) socket.join(room);\n});\n${fence}`,
      `### Throttle updates\n\nPhones report every second or faster; nobody needs that. Send a position when it moved more than 20 m or 5 s passed, and interpolate on the client between updates.`,
      `### Privacy\n\nRound what other users see to the cell, keep exact positions server-side with a short TTL, and never broadcast a user's own room list.`,
    ],
    closing: "Size the cell so a typical screen shows two or three of them and the fan-out stays small.",
  },
  {
    opening:
      "Send pushes from a queue with retries and a per-device token table, never from the request that triggered them.",
    sections: [
      `### Queue the push\n\nThe API call that creates the event only enqueues; a worker talks to APNs and FCM with retries and backoff:\n\n${fence}ts\nawait pushQueue.add(\n  "push",\n  { userId, title: "Outbid", body: \`Someone bid \${amount} on \${item}\` },\n  { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: 1_000 },\n);\n${fence}`,
      `### Prune dead tokens\n\nAPNs answers 410 and FCM \`UNREGISTERED\` for uninstalled apps. Delete those tokens at once, or every later push pays for them:\n\n${fence}ts\nfor (const [index, result] of response.responses.entries()) {\n  const code = result.error?.code;\n  if (code === "messaging/registration-token-not-registered") {\n    await tokens.delete(batch[index].token);\n  }\n}\n${fence}`,
      `### Collapse and expire\n\nSet a collapse key so ten outbid notices become one, and an expiry so a push about an auction that ended is dropped instead of delivered an hour late.`,
      `### Do not double-send\n\nGive each notification an id, make the worker skip ids it already sent, and let the client ignore a push for something it already showed over the socket.`,
    ],
    closing: "Watch the ratio of failed to sent pushes per platform and alert when it jumps after a release.",
  },
  {
    opening:
      "Reconnect with capped exponential backoff and jitter, and resume from the last event id the client saw.",
    sections: [
      `### Backoff with jitter\n\nWithout jitter every client that dropped at the same moment comes back at the same moment:\n\n${fence}ts\nfunction nextDelay(attempt: number): number {\n  const capped = Math.min(30_000, 500 * 2 ** attempt);\n  return capped / 2 + Math.random() * (capped / 2);\n}\n\nfunction connect(attempt = 0): void {\n  const socket = new WebSocket(\`\${url}?since=\${lastEventId}\`);\n  socket.onopen = () => { attempt = 0; };\n  socket.onclose = () => setTimeout(() => connect(attempt + 1), nextDelay(attempt));\n  socket.onmessage = (event) => handle(JSON.parse(event.data));\n}\n${fence}`,
      `### Resume, do not replay\n\nKeep recent events per channel in a capped Redis stream and replay only what the client missed:\n\n${fence}ts\nconst missed = await redis.xRange(\`events:\${channel}\`, \`(\${since}\`, "+", { COUNT: 500 });\nfor (const entry of missed) socket.send(JSON.stringify({ id: entry.id, ...entry.message }));\n${fence}`,
      `### Heartbeats\n\nProxies drop idle connections silently. Ping every 25 s from the server and close sockets that miss two pongs, so clients notice and reconnect instead of waiting forever.`,
      `### Server side\n\nDuring a deploy, stop accepting new connections, send a close frame with a reconnect hint, and let the load balancer drain the node for a minute before it exits.`,
    ],
    closing:
      "Kill a node during a load test and check that every client is back within a minute with no gaps.",
  },
];

/** How many distinct openings exist; answers in one run cycle through them. */
export const topicCount = topics.length;

/**
 * An answer of about `targetCharacters` for `seed`: the opening and closing sentences alone for a quick
 * reply (under 400 characters), else with sections of prose and code, repeated and renumbered when the
 * target is longer than one topic.
 */
export function composeAnswer(seed: number, targetCharacters: number): string {
  const topic = topics[seed % topics.length] as Topic;
  const parts = [topic.opening];
  let length = topic.opening.length + topic.closing.length;
  const quick = targetCharacters < 400;
  for (let index = 0; !quick && (length < targetCharacters || index === 0); index++) {
    const round = Math.floor(index / topic.sections.length);
    const section = topic.sections[index % topic.sections.length] as string;
    const text = round === 0 ? section : section.replace(/^### (.*)$/m, `### $1 (part ${round + 1})`);
    parts.push(text);
    length += text.length + 2;
  }
  parts.push(topic.closing);
  return parts.join("\n\n");
}

/**
 * What the benchmark looks for on Slack: the start of the answer (shorter than the fake's first 16-character
 * delta, so the first text a bot shows contains it) and the end of its closing sentence.
 */
export function answerMarkers(answer: string): { head: string; tail: string } {
  const closing = answer.slice(answer.lastIndexOf("\n\n") + 2);
  return { head: answer.slice(0, 12), tail: closing.slice(-40) };
}
