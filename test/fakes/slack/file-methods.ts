import { extname } from "node:path";
import {
  type MethodArgs,
  type MethodContext,
  type MethodTable,
  optionalArray,
  optionalString,
  requiredString,
  SlackMethodError,
} from "./method.js";
import type { SlackState, StoredFile } from "./state.js";

/**
 * The external upload flow (docs.slack.dev/reference/methods/files.getUploadURLExternal):
 * get an absolute `upload_url` (here: back at this fake), POST the bytes there, then
 * `files.completeUploadExternal`, which shares the files in a bot message in the channel or thread.
 */
export const UPLOAD_PATH = "/upload/v1/";

function getUploadUrl(args: MethodArgs, { state, origin }: MethodContext): Record<string, unknown> {
  const name = requiredString(args, "filename");
  const length = Number(args.length);
  // "Typically only occurs when the `length` provided is 0."
  if (!Number.isInteger(length) || length < 1) throw new SlackMethodError("missing_argument");
  const id = state.nextFileId();
  state.files.set(id, {
    id,
    name,
    length,
    snippetType: optionalString(args, "snippet_type"),
    created: Math.floor(Date.now() / 1000),
    content: undefined,
  });
  return { upload_url: `${origin}${UPLOAD_PATH}${id}`, file_id: id };
}

function fileObject(file: StoredFile, title: string, context: MethodContext): Record<string, unknown> {
  const extension = extname(file.name).slice(1);
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title,
    filetype: file.snippetType ?? (extension === "" ? "text" : extension),
    user: context.identity.botUserId,
    user_team: context.identity.teamId,
    size: file.content?.length ?? file.length,
    mode: file.snippetType === undefined ? "hosted" : "snippet",
    is_external: false,
    url_private: `${context.origin}/files/${file.id}/${encodeURIComponent(file.name)}`,
  };
}

function completeUpload(args: MethodArgs, context: MethodContext): Record<string, unknown> {
  const requested = optionalArray(args, "files");
  if (requested === undefined || requested.length === 0) requiredString(args, "files");
  const shared = (requested ?? []).map((entry) => {
    const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
    const file = typeof id === "string" ? context.state.files.get(id) : undefined;
    // Slack: "Could not find the file from the upload ticket." Also the answer when no bytes arrived.
    if (file?.content === undefined) throw new SlackMethodError("file_not_found");
    return fileObject(file, typeof title === "string" ? title : file.name, context);
  });
  const channel = optionalString(args, "channel_id") ?? optionalString(args, "channels")?.split(",")[0];
  if (channel !== undefined) {
    const threadTs = optionalString(args, "thread_ts");
    const comment = optionalString(args, "initial_comment");
    // "If the `initial_comment` field is provided, the `blocks` field is ignored."
    const blocks = comment === undefined ? optionalArray(args, "blocks") : undefined;
    context.state.insertFromBot({
      channel,
      text: comment ?? "",
      ...(blocks === undefined ? {} : { blocks }),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      files: shared,
    });
  }
  return { files: shared.map((file) => ({ id: file.id, title: file.title })) };
}

export const fileMethods: MethodTable = {
  "files.getUploadURLExternal": getUploadUrl,
  "files.completeUploadExternal": completeUpload,
};

/**
 * Receives bytes at an `upload_url`. WebClient sends multipart/form-data with the bytes in a field named
 * `body` (filename "Untitled"); anything else is taken as the raw bytes. Answers like files.slack.com:
 * 200 "OK - <bytes>".
 */
export async function receiveUpload(
  state: SlackState,
  fileId: string,
  contentType: string,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  const file = state.files.get(fileId);
  if (file === undefined) return { status: 404, text: "upload ticket not found" };
  file.content = contentType.startsWith("multipart/form-data")
    ? await multipartBytes(contentType, body)
    : body;
  return { status: 200, text: `OK - ${file.content.length}` };
}

async function multipartBytes(contentType: string, body: Buffer): Promise<Buffer> {
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  const part = form.get("body") ?? form.get("file") ?? [...form.values()][0];
  if (part === undefined || part === null) return Buffer.alloc(0);
  return typeof part === "string" ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
}
