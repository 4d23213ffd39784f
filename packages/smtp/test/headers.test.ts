// The header section of a message: found, parsed, and stripped of Bcc, whole or streamed.
import { describe, expect, it } from "vitest";
import {
  getAll,
  getFirst,
  headerEnd,
  parseHeader,
  removeFields,
  splitMessage,
  splitStream,
} from "../src/headers.js";

const MSG =
  "From: a@b\r\nTo: c@d,\r\n e@f\r\nBcc: secret@x\r\nSubject: hi\r\nbcc: other@y\r\n\tfolded@z\r\n\r\nbody\r\n\r\nBcc: not-a-header\r\n";

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function drain(it: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const b of it) parts.push(b);
  return Buffer.concat(parts).toString();
}

describe("header section", () => {
  it("ends at the first empty line, CRLF or LF", () => {
    expect(headerEnd(Buffer.from("A: b\r\n\r\nx"))).toBe(8);
    expect(headerEnd(Buffer.from("A: b\n\nx"))).toBe(6);
    expect(headerEnd(Buffer.from("\r\nbody"))).toBe(2);
    expect(headerEnd(Buffer.from("\nbody"))).toBe(1);
    expect(headerEnd(Buffer.from("A: b\r\n"))).toBe(-1);
    expect(headerEnd(Buffer.from("A: b\r\nB: \r\n"))).toBe(-1);
  });

  it("parses fields, unfolding continuation lines", () => {
    const { header } = splitMessage(Buffer.from(MSG));
    const fields = parseHeader(header);
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ["From", "a@b"],
      ["To", "c@d, e@f"],
      ["Bcc", "secret@x"],
      ["Subject", "hi"],
      ["bcc", "other@y\tfolded@z"],
    ]);
    expect(getAll(fields, "BCC")).toEqual(["secret@x", "other@y\tfolded@z"]);
    expect(getFirst(fields, "to")).toBe("c@d, e@f");
    expect(getAll(fields, "Cc")).toBeNull();
  });

  it("removes Bcc fields with their continuation lines and nothing else", () => {
    const { header, body } = splitMessage(Buffer.from(MSG));
    const fields = parseHeader(header);
    const out = removeFields(header, fields, new Set(["bcc"]));
    expect(Buffer.concat([out, body]).toString()).toBe(
      "From: a@b\r\nTo: c@d,\r\n e@f\r\nSubject: hi\r\n\r\nbody\r\n\r\nBcc: not-a-header\r\n",
    );
  });

  it("splits a stream at the header's end whatever the chunking", async () => {
    const data = Buffer.from(MSG);
    for (let size = 1; size <= data.length; size++) {
      const { header, body } = await splitStream(chunked(data, size));
      expect(header.toString()).toBe(MSG.slice(0, MSG.indexOf("\r\n\r\n") + 4));
      expect(await drain(body)).toBe("body\r\n\r\nBcc: not-a-header\r\n");
    }
  });

  it("takes a message without an empty line as all header, and bounds the header", async () => {
    const { header, body } = await splitStream(chunked(Buffer.from("A: b\r\n"), 2));
    expect(header.toString()).toBe("A: b\r\n");
    expect(await drain(body)).toBe("");
    await expect(splitStream(chunked(Buffer.alloc(100, 0x61), 10), 50)).rejects.toThrow(RangeError);
  });
});
