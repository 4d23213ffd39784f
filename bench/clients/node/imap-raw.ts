// The floor for IMAP FETCH on Node: one FETCH 1:N after EXAMINE, each response line read and
// each literal skipped by its announced size; nothing else is parsed.
import { clock, main, params } from "./common.js";
import { expect, RawConn } from "./common-raw.js";
import type { ImapParams } from "./imap-params.js";

const LITERAL = /\{(\d+)\}$/;

main(async () => {
  const p = params<ImapParams>();
  const t0 = clock();
  const c = await RawConn.connect(p.host, p.port);
  expect(await c.line(), "* OK");
  // The tagged completion of `tag`; untagged lines (and their literals) go to `onLine`.
  const tagged = async (tag: string, onLine: (line: string) => void = () => {}): Promise<string> => {
    for (;;) {
      let line = await c.line();
      if (line.startsWith(`${tag} `)) return line;
      onLine(line);
      for (let m = LITERAL.exec(line); m; m = LITERAL.exec(line)) {
        await c.take(Number(m[1]));
        line = await c.line();
      }
    }
  };
  c.sock.write(`a1 LOGIN ${p.user} ${p.password}\r\n`);
  expect(await tagged("a1"), "a1 OK");
  c.sock.write(`a2 EXAMINE ${p.mailbox}\r\n`);
  expect(await tagged("a2"), "a2 OK");
  const item = p.op === "headers" ? "BODY.PEEK[HEADER]" : "BODY.PEEK[]";
  let ops = 0;
  c.sock.write(`a3 FETCH 1:${p.count} (${item})\r\n`);
  expect(
    await tagged("a3", (line) => {
      if (line.startsWith("* ") && line.includes(" FETCH ")) ops++;
    }),
    "a3 OK",
  );
  const seconds = clock() - t0;
  c.sock.destroy();
  return { seconds, ops };
});
