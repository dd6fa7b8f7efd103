import { type APIAttachment, type APIMessage, MessageType } from "@discordjs/core/http-only";
import type { Attachment } from "../../core/ask.js";
import { type AttachmentSource, readConversationFiles } from "../../core/attachment-reading.js";
import { downloadPrefix } from "../download-prefix.js";

/**
 * The files people attached to a conversation's messages, read for the model (caps and reasons in
 * core/attachment-reading.ts). Only people's messages: the bot's own attachments are its code files, which
 * the transcript already has as text. Attachment URLs are signed CDN links that need no token.
 * https://discord.com/developers/docs/resources/message#attachment-object
 */
export async function readMessageFiles(
  messages: APIMessage[],
  botUserId: string,
  signal: AbortSignal,
): Promise<Map<string, Attachment[]>> {
  // A thread's starter message stands for the message the thread was started from, files and all.
  const withFiles = messages
    .map((message) =>
      message.type === MessageType.ThreadStarterMessage ? (message.referenced_message ?? undefined) : message,
    )
    .filter(
      (message): message is APIMessage =>
        message !== undefined && message.author.id !== botUserId && (message.attachments?.length ?? 0) > 0,
    );
  if (withFiles.length === 0) return new Map();
  return readConversationFiles(
    withFiles.map((message) => ({ messageId: message.id, files: message.attachments.map(toSource) })),
    signal,
  );
}

function toSource(attachment: APIAttachment): AttachmentSource {
  return {
    name: attachment.filename,
    contentType: attachment.content_type,
    size: attachment.size,
    download: (maxBytes, signal) => downloadPrefix(attachment.url, maxBytes, signal),
  };
}
