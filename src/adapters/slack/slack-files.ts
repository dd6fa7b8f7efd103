import type { Ask, Attachment } from "../../core/ask.js";
import { type AttachmentSource, readConversationFiles } from "../../core/attachment-reading.js";
import { downloadPrefix } from "../download-prefix.js";

export interface SlackFileAccess {
  /** The bot token: `url_private` answers only with `Authorization: Bearer <token>` (needs files:read). */
  token: string;
  /** SLACK_API_URL, whose host is trusted with the token besides Slack's own file hosts. */
  apiUrl: string | undefined;
}

/**
 * The files on the asking message, read for the model (caps and reasons in core/attachment-reading.ts).
 * The token goes only to Slack's file host (or the configured API host, a test's fake), never to a URL
 * elsewhere. Without the right scope Slack answers `url_private` with its sign-in page as HTML and a 200,
 * which is caught and the file named as unreadable rather than sent to the model as text.
 * https://docs.slack.dev/messaging/working-with-files#authentication
 */
export async function readAskFiles(
  ask: Ask,
  access: SlackFileAccess,
  signal: AbortSignal,
): Promise<Attachment[] | undefined> {
  if (!ask.files || ask.files.length === 0) return undefined;
  const trusted = new Set(["files.slack.com"]);
  if (access.apiUrl) trusted.add(new URL(access.apiUrl).host);
  const sources = ask.files.map(
    (file): AttachmentSource => ({
      name: file.name,
      contentType: file.contentType,
      size: file.size,
      download: async (maxBytes, downloadSignal) => {
        if (!trusted.has(new URL(file.url).host)) throw new Error("it is not on Slack's file host");
        return downloadPrefix(file.url, maxBytes, downloadSignal, {
          headers: { authorization: `Bearer ${access.token}` },
          accept: (response) =>
            response.headers.get("content-type")?.startsWith("text/html") && !/html?$/i.test(file.name)
              ? "Slack answered with its sign-in page; the app may lack the files:read scope"
              : undefined,
        });
      },
    }),
  );
  const read = await readConversationFiles([{ messageId: ask.messageId, files: sources }], signal);
  return read.get(ask.messageId);
}
