import { describe, expect, it } from "vitest";
import { type AttachmentSource, readAttachment, readConversationFiles } from "./attachment-reading.js";

const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const jpeg = Buffer.from("ffd8ffe000104a464946", "hex");

function file(
  name: string,
  contentType: string | undefined,
  data: Buffer | string,
): AttachmentSource & {
  requested: number[];
} {
  const bytes = Buffer.from(data);
  const requested: number[] = [];
  return {
    name,
    contentType,
    size: bytes.length,
    requested,
    async download(maxBytes) {
      requested.push(maxBytes);
      return bytes.subarray(0, maxBytes);
    },
  };
}

const signal = new AbortController().signal;
const limits = { textBytes: 20, imageBytes: 64 };

describe("readAttachment", () => {
  it("reads text files by type or by extension", async () => {
    expect(await readAttachment(file("notes", "text/plain; charset=utf-8", "hello"), signal)).toEqual({
      name: "notes",
      mimeType: "text/plain",
      text: "hello",
    });
    expect(await readAttachment(file("server.ts", undefined, "const a = 1;"), signal)).toEqual({
      name: "server.ts",
      mimeType: "text/plain",
      text: "const a = 1;",
    });
  });

  it("cuts a long text file at the cap and says so", async () => {
    const source = file("app.log", "text/plain", "x".repeat(50));
    const read = await readAttachment(source, signal, limits);
    expect(source.requested).toEqual([20]);
    expect(read.text).toBe(`${"x".repeat(20)}\n\n[… cut: only the first 0 KB of 0 KB were read]`);
  });

  it("sends images typed by their bytes, and skips big or mislabelled ones", async () => {
    expect(await readAttachment(file("shot.png", "image/png", jpeg), signal, limits)).toEqual({
      name: "shot.png",
      mimeType: "image/jpeg",
      base64: jpeg.toString("base64"),
    });
    const big = await readAttachment(file("huge.png", "image/png", Buffer.alloc(100)), signal, limits);
    expect(big.skippedBecause).toMatch(/^it is 0 MB, over the 0 MB an image may be$/);
    const fake = await readAttachment(file("fake.png", "image/png", "not an image"), signal, limits);
    expect(fake.skippedBecause).toBe("it is not a PNG, JPEG, GIF or WebP image");
    expect((await readAttachment(file("a.png", undefined, png), signal, limits)).mimeType).toBe("image/png");
  });

  it("names anything else with a reason, without downloading it", async () => {
    const zip = file("build.zip", "application/zip", "PK");
    expect(await readAttachment(zip, signal)).toEqual({
      name: "build.zip",
      mimeType: "application/zip",
      skippedBecause: "rte reads text files and PNG, JPEG, GIF or WebP images, not application/zip",
    });
    expect(zip.requested).toEqual([]);
    const binary = await readAttachment(file("dump.txt", "text/plain", Buffer.from([1, 0, 2])), signal);
    expect(binary.skippedBecause).toBe("it looks like a binary file, not text");
  });

  it("skips a file whose download fails instead of failing the answer", async () => {
    const broken: AttachmentSource = {
      name: "a.txt",
      contentType: "text/plain",
      size: 3,
      download: () => Promise.reject(new Error("HTTP 404")),
    };
    expect((await readAttachment(broken, signal)).skippedBecause).toBe(
      "it could not be downloaded (HTTP 404)",
    );
  });
});

describe("readConversationFiles", () => {
  it("reads the newest files first within the caps and names the older ones", async () => {
    const read = await readConversationFiles(
      [
        { messageId: "1", files: [file("old.txt", "text/plain", "old")] },
        { messageId: "2", files: [] },
        { messageId: "3", files: [file("a.txt", "text/plain", "a"), file("b.txt", "text/plain", "b")] },
      ],
      signal,
      { ...limits, files: 2, totalBytes: 1_000 },
    );
    expect([...read.keys()]).toEqual(["1", "3"]);
    expect(read.get("3")?.map((attachment) => attachment.text)).toEqual(["a", "b"]);
    expect(read.get("1")?.[0]?.skippedBecause).toBe("only the 2 newest files of a thread are read");
  });
});
