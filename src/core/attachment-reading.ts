import type { Attachment } from "./ask.js";
import { errorMessage } from "./errors.js";

/**
 * A file someone attached, as a platform lists it, with a way to download it. Platform-free: Discord hands
 * its attachment URLs, Slack its file URLs behind the bot token; both get the same caps and reasons here.
 */
export interface AttachmentSource {
  name: string;
  /** As the platform reports it; may be missing or carry parameters ("text/plain; charset=utf-8"). */
  contentType: string | undefined;
  /** Bytes, as the platform reports it. */
  size: number;
  /** The first `maxBytes` bytes of the file (or all of it when it is smaller). */
  download(maxBytes: number, signal: AbortSignal): Promise<Uint8Array>;
}

export interface AttachmentLimits {
  /** A text file's first this many bytes are read; the rest is cut with a note. */
  textBytes: number;
  /** Larger images are skipped. The Messages API takes at most 5 MB per image. */
  imageBytes: number;
}

/**
 * 100 KB of text is about 25,000 tokens: a long log or a whole source file, not a dump. 5 MB per image is
 * the API's own cap: https://docs.claude.com/en/docs/build-with-claude/vision
 */
export const defaultAttachmentLimits: AttachmentLimits = { textBytes: 100_000, imageBytes: 5 * 1024 * 1024 };

const textExtensions = new Set(
  (
    "txt log md markdown json jsonl yaml yml toml ini cfg conf env csv tsv xml html htm css scss " +
    "ts tsx js jsx mjs cjs py rb go rs java kt kts swift c h cc cpp hpp cs php sql sh bash zsh ps1 " +
    "lua dart scala ex exs erl hs clj vue svelte graphql gql proto dockerfile gradle properties diff patch"
  ).split(" "),
);
const textTypes = new Set([
  "application/json",
  "application/x-ndjson",
  "application/xml",
  "application/yaml",
  "application/x-yaml",
  "application/toml",
  "application/javascript",
  "application/typescript",
  "application/x-sh",
  "application/sql",
  "application/graphql",
]);
const imageExtensions = new Set(["png", "jpg", "jpeg", "gif", "webp"]);

/**
 * Reads one attachment for the model: text files (by type or extension) as text up to the cap, with a note
 * when cut; PNG, JPEG, GIF and WebP images up to the API's size as base64, typed by their bytes (a `.png`
 * that is really a JPEG would otherwise make the API refuse the whole request); anything else named and
 * skipped with a reason. Never throws: a file that cannot be read is skipped, it does not cost the answer.
 */
export async function readAttachment(
  source: AttachmentSource,
  signal: AbortSignal,
  limits: AttachmentLimits = defaultAttachmentLimits,
): Promise<Attachment> {
  const mimeType = baseType(source.contentType);
  const kind = kindOf(source.name, mimeType);
  const described = { name: source.name, mimeType: mimeType ?? "application/octet-stream" };
  const skip = (reason: string): Attachment => ({ ...described, skippedBecause: reason });
  if (kind === "other")
    return skip(`rte reads text files and PNG, JPEG, GIF or WebP images, not ${typeName(mimeType)}`);
  if (kind === "image" && source.size > limits.imageBytes) {
    return skip(`it is ${megabytes(source.size)}, over the ${megabytes(limits.imageBytes)} an image may be`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await source.download(kind === "image" ? limits.imageBytes : limits.textBytes, signal);
  } catch (error) {
    signal.throwIfAborted();
    return skip(`it could not be downloaded (${errorMessage(error)})`);
  }
  if (kind === "image") {
    const sniffed = imageTypeOf(bytes);
    if (sniffed === undefined) return skip("it is not a PNG, JPEG, GIF or WebP image");
    return { name: source.name, mimeType: sniffed, base64: Buffer.from(bytes).toString("base64") };
  }
  if (bytes.includes(0)) return skip("it looks like a binary file, not text");
  const cut = bytes.length >= limits.textBytes && source.size > bytes.length;
  // A cut can split a multi-byte character; drop the replacement character that leaves at the end.
  let text = new TextDecoder("utf-8").decode(bytes.subarray(0, limits.textBytes));
  if (cut) {
    text = `${text.replace(/\uFFFD$/, "")}\n\n[… cut: only the first ${kilobytes(limits.textBytes)} of ${kilobytes(source.size)} were read]`;
  }
  return { ...described, mimeType: mimeType ?? "text/plain", text };
}

function kindOf(name: string, mimeType: string | undefined): "text" | "image" | "other" {
  const extension = name.includes(".") ? name.split(".").pop()?.toLowerCase() : name.toLowerCase();
  if (mimeType?.startsWith("image/")) return imageExtensions.has(mimeType.slice(6)) ? "image" : "other";
  if (mimeType !== undefined && (mimeType.startsWith("text/") || textTypes.has(mimeType))) return "text";
  if (extension !== undefined && imageExtensions.has(extension)) return "image";
  if (extension !== undefined && textExtensions.has(extension)) return "text";
  return "other";
}

function baseType(contentType: string | undefined): string | undefined {
  const base = contentType?.split(";")[0]?.trim().toLowerCase();
  return base === "" ? undefined : base;
}

/** The image type its first bytes say: https://en.wikipedia.org/wiki/List_of_file_signatures */
export function imageTypeOf(bytes: Uint8Array): Attachment["mimeType"] | undefined {
  const starts = (signature: number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

function typeName(mimeType: string | undefined): string {
  return mimeType === undefined ? "a file of unknown type" : mimeType;
}

function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1_000)} KB`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}

export interface ConversationFileLimits extends AttachmentLimits {
  /** Files read per conversation, newest first; older ones are named only. */
  files: number;
  /**
   * Bytes read per conversation. The Messages API takes 32 MB per request and base64 grows images by a
   * third, so 15 MB of files leaves room for the rest of the prompt.
   */
  totalBytes: number;
}

export const defaultConversationFileLimits: ConversationFileLimits = {
  ...defaultAttachmentLimits,
  files: 10,
  totalBytes: 15 * 1024 * 1024,
};

/**
 * Reads the files of a conversation's messages (given oldest first), newest first within the caps, all at
 * once. Returns each message's attachments by message id, in the order they were attached.
 */
export async function readConversationFiles(
  messages: Array<{ messageId: string; files: AttachmentSource[] }>,
  signal: AbortSignal,
  limits: ConversationFileLimits = defaultConversationFileLimits,
): Promise<Map<string, Attachment[]>> {
  let files = 0;
  let bytes = 0;
  const reads = new Map<string, Array<Promise<Attachment>>>();
  for (const message of [...messages].reverse()) {
    const pending = message.files.map((source): Promise<Attachment> => {
      const kind = kindOf(source.name, baseType(source.contentType));
      if (kind === "other") return readAttachment(source, signal, limits);
      const skipped = (reason: string) =>
        Promise.resolve({
          name: source.name,
          mimeType: baseType(source.contentType) ?? "application/octet-stream",
          skippedBecause: reason,
        });
      if (files >= limits.files) return skipped(`only the ${limits.files} newest files of a thread are read`);
      const cost = Math.min(source.size, kind === "text" ? limits.textBytes : limits.imageBytes);
      if (bytes + cost > limits.totalBytes) {
        return skipped(`newer files already fill the ${megabytes(limits.totalBytes)} rte reads per thread`);
      }
      files += 1;
      bytes += cost;
      return readAttachment(source, signal, limits);
    });
    reads.set(message.messageId, pending);
  }
  // One Promise.all over every read, so an abort rejects once and no read is left unobserved.
  const ordered = messages.filter((message) => (reads.get(message.messageId) ?? []).length > 0);
  const results = await Promise.all(
    ordered.map((message) => Promise.all(reads.get(message.messageId) ?? [])),
  );
  return new Map(ordered.map((message, index) => [message.messageId, results[index] ?? []]));
}
