// Fetch a text file: dot-stuffed lines come back as the author wrote them. Python's way
// (gopherlib's send_selector + get_textfile) and the client's way side by side.
//
//   tsx examples/gopher/fetch-text.ts                                  /dots.txt of the in-memory hole
//   tsx examples/gopher/fetch-text.ts gopher://host/0/some/file.txt    a real server
import { Gopher, get_textfile, send_selector } from "@inetlib/gopher";
import { type GopherExample, runIfMain } from "./hole.js";

export const fetchText: GopherExample<string[]> = async (url, log) => {
  const [gopher, where] = Gopher.fromUrl(url, { timeout: 10 });
  // The hole's root URL means: its text with dot-stuffed lines.
  const selector = where.selector === "" ? "/dots.txt" : where.rawSelector;

  // gopherlib: a file from send_selector(), lines from get_textfile().
  if (!gopher.options.tls) {
    const f = await send_selector(selector, where.host, where.port, { timeout: 10 });
    const lines = await get_textfile(f);
    await f.close();
    log(`gopherlib read ${lines.length} lines`);
  }

  // The client: the same text, and whether the server ended it with the "." line.
  const text = await gopher.text(selector);
  for (const line of text.lines) log(`| ${line}`);
  log(text.complete ? "(ended with the '.' line)" : "(ended when the server closed)");
  return text.lines;
};

await runIfMain(import.meta.url, fetchText);
