import { createHmac } from "node:crypto";

/**
 * Signs a request body the way Slack does (docs.slack.dev/authentication/verifying-requests-from-slack;
 * verified by bolt-js `src/receivers/verify-request.ts`): `v0=` + hex HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` keyed with the signing secret. Sign the exact bytes you send.
 */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  /** A string signs exactly that header value, junk included (for tests of the timestamp check). */
  timestampSeconds: number | string = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac("sha256", signingSecret)
    .update(`v0:${timestampSeconds}:${body}`)
    .digest("hex");
  return {
    "x-slack-signature": `v0=${signature}`,
    "x-slack-request-timestamp": String(timestampSeconds),
  };
}

/** POSTs an Events API payload (JSON, like Slack's event deliveries), signed. */
export function postSignedEvent(
  url: string,
  signingSecret: string,
  payload: object,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signSlackRequest(signingSecret, body),
      ...extraHeaders,
    },
    body,
  });
}

/** POSTs a slash command, form-encoded like Slack's (`command=%2Frte&text=...`), signed. */
export function postSignedCommand(
  url: string,
  signingSecret: string,
  fields: Record<string, string>,
): Promise<Response> {
  const body = new URLSearchParams(fields).toString();
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signSlackRequest(signingSecret, body),
    },
    body,
  });
}
