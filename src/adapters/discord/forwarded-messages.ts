import type { APIMessageSnapshot } from "@discordjs/core/http-only";

/** A forward quotes a message; a long one is cut so it cannot crowd out the question. */
const maxForwarded = 8_000;

/**
 * What a message says, forwards included. A forwarded message arrives with empty `content` and the
 * original's text in `message_snapshots[].message.content` (https://discord.com/developers/docs/resources/
 * message#message-snapshot-object); someone who forwards a message to rte means "this", so it is read as
 * the question's content, quoted after whatever they typed.
 */
export function contentWithForwards(message: {
  content: string;
  message_snapshots?: APIMessageSnapshot[] | undefined;
}): string {
  const forwarded = (message.message_snapshots ?? []).flatMap((snapshot) => {
    const text = typeof snapshot?.message?.content === "string" ? snapshot.message.content.trim() : "";
    return text === "" ? [] : [quote(text)];
  });
  if (forwarded.length === 0) return message.content;
  const typed = message.content.trim();
  return [...(typed === "" ? [] : [typed, ""]), "Forwarded message:", ...forwarded].join("\n");
}

function quote(text: string): string {
  const cut = text.length > maxForwarded ? `${text.slice(0, maxForwarded)}\n[… cut]` : text;
  return cut.replace(/^/gm, "> ");
}
