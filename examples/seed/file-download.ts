// A file download with a size header: the server sends a framed JSON header
// {"name", "size", "sha256"} and then exactly `size` raw bytes; the client knows where the file
// ends without the server closing the connection, and checks what it received.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { AF_INET, SOCK_STREAM, socket } from "@inetlib/socket";
import { type Example, runIfMain } from "./cli.js";
import { recvMessage, sendMessage } from "./framing.js";
import { acceptLoop } from "./loop.js";

interface Header {
  name: string;
  size: number;
  sha256: string;
}

/** The file the demo server offers: 3 MiB of patterned bytes, made once in a temporary folder. */
export async function makeSampleFile(size = 3 << 20): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "inetlib-download-"));
  const path = join(dir, "sample.bin");
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 8)) & 0xff;
  await writeFile(path, data);
  return path;
}

export function fileDownload(serveFile: string, saveDir: string): Example {
  return {
    async server(port, log) {
      const s = new socket(AF_INET, SOCK_STREAM);
      await s.bind(["127.0.0.1", port]);
      await s.listen(5);
      return acceptLoop(s, async (conn, addr) => {
        const { size } = await stat(serveFile);
        const sha256 = createHash("sha256")
          .update(await readFile(serveFile))
          .digest("hex");
        const header: Header = { name: basename(serveFile), size, sha256 };
        log("sending", header.name, `${size} bytes to`, addr);
        await sendMessage(conn, Buffer.from(JSON.stringify(header)));
        // sendfile streams from the file in constant memory.
        await conn.sendfile(serveFile);
      });
    },
    async client(port, log) {
      await using s = new socket(AF_INET, SOCK_STREAM);
      await s.connect(["127.0.0.1", port]);
      const header = JSON.parse((await recvMessage(s, 4096))!.toString()) as Header;
      const target = join(saveDir, basename(header.name));
      const out = createWriteStream(target);
      const hash = createHash("sha256");
      let got = 0;
      while (got < header.size) {
        const chunk = await s.recv(Math.min(65536, header.size - got));
        if (chunk.length === 0) throw new Error(`server closed after ${got} of ${header.size} bytes`);
        hash.update(chunk);
        got += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      const ok = hash.digest("hex") === header.sha256;
      log(`saved ${target}: ${got} bytes, sha256 ${ok ? "matches" : "DOES NOT match"}`);
      if (!ok) throw new Error("checksum mismatch");
      return target;
    },
  };
}

/**
 * withScratch runs `fn` with a sample file to serve and a folder to save into, and removes both
 * afterwards: a demo leaves no 3 MiB file behind in the temporary directory.
 */
export async function withScratch<T>(fn: (sample: string, saveDir: string) => Promise<T>): Promise<T> {
  const sample = await makeSampleFile();
  const saveDir = await mkdtemp(join(tmpdir(), "inetlib-save-"));
  try {
    return await fn(sample, saveDir);
  } finally {
    await rm(dirname(sample), { recursive: true, force: true });
    await rm(saveDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("file-download.ts")) {
  const role = process.argv[2];
  if (role === "server" || role === "client") {
    // One side alone, as in the tutorial: the server's file (or a sample) and the client's copy stay.
    const file = process.argv[4] ?? (role === "server" ? await makeSampleFile() : "");
    await runIfMain(import.meta.url, fileDownload(file, tmpdir()));
  } else {
    await withScratch((sample, saveDir) => runIfMain(import.meta.url, fileDownload(sample, saveDir)));
  }
}
