import { describe, expect, it } from "vitest";
import { censored, censorSecrets } from "./censor-secrets.js";

describe("censorSecrets", () => {
  it("returns a line without secrets as it is, with nothing copied", () => {
    const line = { jobId: "job-1", usage: { input: 10, output: 20 }, parts: [{ kind: "text" }] };
    expect(censorSecrets(line)).toBe(line);
  });

  it("censors a secret key at every depth and in arrays, and leaves the caller's object alone", () => {
    const line = {
      token: "t-1",
      request: { headers: { authorization: "Bearer t-2", "x-api-key": "t-3", accept: "json" } },
      installs: [{ botToken: "t-4", team: "T1" }],
      a: { b: { c: { d: { e: { f: { password: "t-5" } } } } } },
    };
    const before = structuredClone(line);
    const clean = censorSecrets(line);
    expect(JSON.stringify(clean)).not.toMatch(/t-\d/);
    expect(clean.request.headers).toEqual({ authorization: censored, "x-api-key": censored, accept: "json" });
    expect(clean.installs[0]).toEqual({ botToken: censored, team: "T1" });
    expect(line).toEqual(before);
  });

  it("copies an error that holds a secret with its class, message and stack", () => {
    class SlackCallError extends Error {
      config = { headers: { authorization: "Bearer xoxb-secret" } };
    }
    const error = new SlackCallError("not_authed");
    const clean = censorSecrets({ error }).error;
    expect(clean).toBeInstanceOf(SlackCallError);
    expect(clean).not.toBe(error);
    expect(clean).toMatchObject({ message: "not_authed", stack: error.stack });
    expect(JSON.stringify(clean)).not.toContain("xoxb-secret");
    expect(error.config.headers.authorization).toBe("Bearer xoxb-secret");
    const harmless = new Error("timeout");
    expect(censorSecrets({ error: harmless }).error).toBe(harmless);
  });

  it("stops at a depth no log line reaches, so a cycle does not loop", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    expect(censorSecrets({ cycle })).toEqual({ cycle });
  });

  it("keeps an undefined secret undefined, so the line does not claim a value was there", () => {
    expect(censorSecrets({ token: undefined, id: 1 })).toEqual({ token: undefined, id: 1 });
  });
});
