// Fake byte sources for parser tests: the same bytes delivered in chunks cut anywhere.
import { type ByteSource, Reader } from "@inetlib/socket";

/** chunked delivers `data` cut at the given offsets, then end of stream. */
export function chunked(data: Buffer | string, cuts: number[] = []): ByteSource {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut > start && cut < bytes.length) {
      chunks.push(bytes.subarray(start, cut));
      start = cut;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return {
    async recv(bufsize: number): Promise<Buffer> {
      const head = chunks[0];
      if (!head) return Buffer.alloc(0);
      if (head.length <= bufsize) return chunks.shift()!;
      chunks[0] = head.subarray(bufsize);
      return head.subarray(0, bufsize);
    },
  };
}

/** readerOf returns a Reader over `data` cut at `cuts`. */
export function readerOf(data: Buffer | string, cuts: number[] = []): Reader {
  return new Reader(chunked(data, cuts));
}

/** everySplit runs `check` on `data` whole, cut at every single offset, and byte by byte. */
export async function everySplit(
  data: Buffer | string,
  check: (reader: Reader) => Promise<void>,
): Promise<number> {
  const n = typeof data === "string" ? Buffer.byteLength(data, "latin1") : data.length;
  let runs = 0;
  await check(readerOf(data));
  runs++;
  for (let i = 1; i < n; i++) {
    await check(readerOf(data, [i]));
    runs++;
  }
  await check(
    readerOf(
      data,
      Array.from({ length: n }, (_, i) => i),
    ),
  );
  return runs + 1;
}
