import type Anthropic from "@anthropic-ai/sdk";
import type { Turn } from "../core/ask.js";

/**
 * A turn's text and attachments as Messages API content: text files become text blocks named by their file,
 * images become image blocks, and skipped files are named so the model can say what it could not read.
 */
export function toMessageContent(turn: Turn): string | Anthropic.ContentBlockParam[] {
  const attachments = turn.attachments ?? [];
  if (attachments.length === 0 || turn.role === "assistant") return turn.text;
  const blocks: Anthropic.ContentBlockParam[] = [];
  for (const attachment of attachments) {
    if (attachment.base64 && isImageType(attachment.mimeType)) {
      blocks.push({
        type: "image",
        source: { type: "base64", media_type: attachment.mimeType, data: attachment.base64 },
      });
    } else if (attachment.text !== undefined) {
      blocks.push({ type: "text", text: `File ${attachment.name}:\n\n${attachment.text}` });
    } else {
      const reason = attachment.skippedBecause ?? "its type is not supported";
      blocks.push({ type: "text", text: `(File ${attachment.name} was attached but not read: ${reason}.)` });
    }
  }
  blocks.push({ type: "text", text: turn.text === "" ? "(no text)" : turn.text });
  return blocks;
}

type ImageType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

function isImageType(mimeType: string): mimeType is ImageType {
  return ["image/png", "image/jpeg", "image/gif", "image/webp"].includes(mimeType);
}
