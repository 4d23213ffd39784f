// A large message straight to a file, in constant memory: retr_iter() hands the message over
// as a stream of its bytes while it arrives (retr() would hold every line, and refuses a reply
// over its bound of 64 MiB).
//
//   tsx examples/pop3/stream-big.ts [pop3://user:password@host] [MESSAGE-NUMBER]
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { login, type POP3Example, runIfMain } from "./mailbox.js";

export const streamBig =
  (which = 1): POP3Example<{ file: string; bytes: number; sha256: string }> =>
  async (t, log) => {
    const pop = await login(t, log);
    try {
      log(`message ${which}: ${(await pop.list(which)).toString()}`);
      const msg = await pop.retr_iter(which);
      const file = join(await mkdtemp(join(tmpdir(), "pop3-stream-")), `message-${which}.eml`);
      const hash = createHash("sha256");
      const tee = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(msg.stream(), tee, createWriteStream(file));
      const bytes = (await stat(file)).size;
      const sha256 = hash.digest("hex");
      log(`wrote ${bytes} bytes (poplib counts ${msg.octets} octets) to ${file}`);
      log(`sha256 ${sha256}`);
      return { file, bytes, sha256 };
    } finally {
      await pop.close();
    }
  };

await runIfMain(import.meta.url, streamBig(Number(process.argv[3] ?? 1)), {
  user: "big",
  bigMessageBytes: 32 * 1024 * 1024,
});
