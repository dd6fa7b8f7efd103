import type { Writable } from "node:stream";
import type { Redis } from "ioredis";

/**
 * Sends the commands a connection is given in one callback of the event loop (and the promise reactions it
 * sets off) to Redis in one write to the socket, instead of one system call per command.
 *
 * Why: as a worker's answers finish, each writes its ledger, transcript, record, usage and the job's end, a
 * command at a time; at 1,000 answers those socket writes were about a tenth of the worker's main-thread CPU
 * (docs/performance.md), a system call each, and the replies to one read of Redis's socket set off many
 * answers' next commands at once. The first command written corks the socket, and `process.nextTick` uncorks
 * it once the current callback and the promise reactions queued so far have run, so Node hands all of their
 * commands to the kernel in one `writev`. The commands, their order
 * and ioredis's bookkeeping are unchanged: ioredis wrote them to the socket and goes on as before. (ioredis's
 * own `enableAutoPipelining` batches the same way one level up, and crashed a starved worker; see the same
 * document.)
 *
 * Every new socket gets it: ioredis makes a new one at each reconnect and says so with "connect".
 */
export function coalesceWrites(redis: Redis): void {
  redis.on("connect", () => {
    corkPerTurn(redis.stream);
  });
}

/** Makes `socket` batch what is written to it until the next tick; exported for its test. */
export function corkPerTurn(socket: Writable): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Writable["write"];
}
