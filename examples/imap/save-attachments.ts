// Every attachment in the INBOX saved to a directory: BODYSTRUCTURE tells where the
// attachments are, BODY.PEEK[part] fetches just those parts, and the transfer encoding is
// undone.
//
//   tsx examples/imap/save-attachments.ts [imap://user:password@host] [directory]
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { attachments, decodeTransferEncoding, decodeWords, filename } from "@inetlib/imap";
import { type IMAPExample, login, runIfMain } from "./mailbox.js";

export function saveAttachments(directory?: string): IMAPExample<{ directory: string; files: string[] }> {
  return async (t, log) => {
    const dir = directory ?? (await mkdtemp(join(tmpdir(), "imap-attachments-")));
    await mkdir(dir, { recursive: true });
    await using M = await login(t);
    await M.select("INBOX", true);
    const files: string[] = [];
    for (const msg of await M.fetch_messages("1:*", "(UID BODYSTRUCTURE)", { uid: true })) {
      for (const part of attachments(msg.bodyStructure!)) {
        const name = basename(decodeWords(filename(part) ?? `part-${msg.uid}-${part.part}`));
        const [fetched] = await M.fetch_messages(String(msg.uid), `(BODY.PEEK[${part.part}])`, { uid: true });
        const data = decodeTransferEncoding(
          fetched!.sections[`BODY[${part.part}]`] ?? Buffer.alloc(0),
          part.encoding,
        );
        const path = join(dir, `${msg.uid}-${name}`);
        await writeFile(path, data);
        log(`saved ${path} (${data.length} bytes, ${part.type}/${part.subtype})`);
        files.push(path);
      }
    }
    return { directory: dir, files };
  };
}

await runIfMain(import.meta.url, saveAttachments(process.argv[3]));
