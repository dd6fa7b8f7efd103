/**
 * The answers this worker process is running, by job id, so that a job handed back to the very worker still
 * running it is carried on instead of started over.
 *
 * A starved worker renews its job locks late; its own stalled check then finds a lapsed lock, hands the job
 * back to the queue, and the same worker takes it again as a new attempt with a new lock token. Starting the
 * answer over there would ask Claude again and stream it again beside the old attempt, on the process that
 * was already too busy: under overload that doubled work only starves it further, and answers stop finishing.
 * Instead the new attempt joins the running one: from then on the running attempt's ledger writes are
 * fenced with the new attempt's token (the one BullMQ's lock now holds), and the new attempt waits for its
 * outcome and reports it to BullMQ as its own. A job taken by another worker still starts over there, from
 * the ledger.
 *
 * What it leaves out: a running attempt that hangs keeps its joiners waiting too; every request it makes has
 * its client's timeout, so it ends.
 */
export interface AttemptsHere<Result> {
  /**
   * Runs the job's attempt: `body` gets the lock token it must use now (it changes when an attempt joins)
   * and a signal aborted when any attempt's job signal aborts (a Stop reaches whichever attempt BullMQ
   * tracks).
   */
  run(
    jobId: string,
    token: string,
    jobSignal: AbortSignal | undefined,
    body: (token: () => string, jobSignal: AbortSignal) => Promise<Result>,
  ): Promise<Result>;
  /**
   * When an attempt of `jobId` is running here: hands it `token` and returns its outcome and the token it
   * held before (whose stall was not a death). Undefined when none runs here.
   */
  join(
    jobId: string,
    token: string,
    jobSignal: AbortSignal | undefined,
  ): { outcome: Promise<Result>; previousToken: string } | undefined;
}

interface Running<Result> {
  token: string;
  stop: AbortController;
  outcome: Promise<Result>;
}

export function createAttemptsHere<Result>(): AttemptsHere<Result> {
  const running = new Map<string, Running<Result>>();
  const forward = (from: AbortSignal | undefined, to: AbortController) => {
    if (from?.aborted) to.abort(from.reason);
    else from?.addEventListener("abort", () => to.abort(from.reason), { once: true });
  };
  return {
    run(jobId, token, jobSignal, body) {
      const stop = new AbortController();
      forward(jobSignal, stop);
      const entry = { token, stop } as Running<Result>;
      running.set(jobId, entry);
      entry.outcome = (async () => body(() => entry.token, stop.signal))().finally(() => {
        if (running.get(jobId) === entry) running.delete(jobId);
      });
      return entry.outcome;
    },
    join(jobId, token, jobSignal) {
      const entry = running.get(jobId);
      if (!entry) return undefined;
      const previousToken = entry.token;
      entry.token = token;
      forward(jobSignal, entry.stop);
      return { outcome: entry.outcome, previousToken };
    },
  };
}
