// Download a file with a progress bar, as the urlretrieve() tutorials do: reporthook gets
// (blocks so far, block size, total size) and prints a line at each 10%. Then the same bytes
// again with http.client, streamed in 1 MiB readinto() calls into a hash: constant memory.
//
//   tsx examples/http/download.ts [BASE-URL [PATH]]     (default: the in-process server, /bytes/5242880)
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { HTTPConnection, urlretrieve, urlsplit } from "@inetlib/http";
import { type Log, runIfMain } from "./server.js";

export interface DownloadResult {
  file: string;
  bytes: number;
  sha256: string;
  streamedSha256: string;
}

export async function download(
  base: string,
  log: Log,
  path = process.argv[3] ?? "/bytes/5242880",
): Promise<DownloadResult> {
  const url = base + path;
  let shown = -1;
  const [file, headers] = await urlretrieve(url, null, (blocks, bs, size) => {
    if (size <= 0) return;
    const pct = Math.min(100, Math.floor((blocks * bs * 100) / size / 10) * 10);
    if (pct > shown) {
      shown = pct;
      log(`${String(pct).padStart(3)}% ${"#".repeat(pct / 5).padEnd(20, ".")}`);
    }
  });
  const data = await readFile(file);
  const sha256 = createHash("sha256").update(data).digest("hex");
  log(`saved ${data.length} bytes (Content-Length ${headers.get("Content-Length")}) to ${file}`);
  log(`sha256 ${sha256}`);
  await rm(file);

  // The same download through http.client, never holding more than one buffer.
  const { scheme, netloc } = urlsplit(base);
  if (scheme !== "http") return { file, bytes: data.length, sha256, streamedSha256: sha256 };
  const conn = new HTTPConnection(netloc);
  await conn.request("GET", path);
  const r = await conn.getresponse();
  log(`http.client: ${r.status} ${r.reason}, ${r.getheader("Content-Length")} bytes`);
  const hash = createHash("sha256");
  const buf = Buffer.alloc(1 << 20);
  for (let n = await r.readinto(buf); n > 0; n = await r.readinto(buf)) hash.update(buf.subarray(0, n));
  const streamedSha256 = hash.digest("hex");
  log(`streamed sha256 ${streamedSha256}`);
  await conn.close();
  return { file, bytes: data.length, sha256, streamedSha256 };
}

await runIfMain(import.meta.url, download);
