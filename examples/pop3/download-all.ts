// Download every message of a large mailbox into a directory, one .eml file per message,
// with the RETRs pipelined (RFC 2449) when the server offers PIPELINING: one round trip for
// many messages instead of one each. Memory holds one message at a time.
//
//   tsx examples/pop3/download-all.ts [pop3://user:password@host] [DIRECTORY]
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { login, type POP3Example, runIfMain } from "./mailbox.js";

export const downloadAll =
  (directory?: string): POP3Example<{ count: number; bytes: number; directory: string }> =>
  async (t, log) => {
    const dir = directory ?? (await mkdtemp(join(tmpdir(), "pop3-download-")));
    await mkdir(dir, { recursive: true });
    const pop = await login(t, log);
    try {
      const [count] = await pop.stat();
      const pipelining = "PIPELINING" in (await pop.capa());
      log(`${count} messages, ${pipelining ? "pipelined" : "one at a time"}`);
      const started = Date.now();
      let n = 0;
      let bytes = 0;
      const numbers = Array.from({ length: count }, (_, i) => i + 1);
      for await (const [, lines, octets] of pop.iter_retr_many(numbers)) {
        n++;
        bytes += octets;
        await writeFile(join(dir, `${String(n).padStart(6, "0")}.eml`), `${lines.join("\r\n")}\r\n`);
      }
      log(
        `saved ${n} messages (${bytes} octets) to ${dir} in ${((Date.now() - started) / 1000).toFixed(2)} s`,
      );
      return { count: n, bytes, directory: dir };
    } finally {
      // close, not quit: nothing was deleted, and a real server then keeps its flags untouched
      await pop.close();
    }
  };

await runIfMain(import.meta.url, downloadAll(process.argv[3]), { user: "bulk" });
