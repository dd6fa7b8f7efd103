/**
 * The measurement floor: an HTTP server that reads each delivery and answers 200 at once, doing nothing
 * else. The burst client measured against it shows how much of an "ack latency" is the client, loopback
 * and the machine's two cores rather than the bot. Prints its port on stdout when listening.
 */
import { createServer } from "node:http";

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end();
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
