// A type-7 search: the selector, a TAB and the words, and a menu of results back.
//
//   tsx examples/gopher/search.ts                                   "ha" in the in-memory hole's word list
//   tsx examples/gopher/search.ts 'gopher://host/7/find%09words'    a real server's search
import { Gopher, renderMenu } from "@inetlib/gopher";
import { type GopherExample, runIfMain } from "./hole.js";

export const search: GopherExample<string[]> = async (url, log) => {
  const [gopher, where] = Gopher.fromUrl(url, { timeout: 10 });
  const selector = where.type === "7" ? where.rawSelector : "/words";
  const query = where.search ?? "ha";
  log(`searching ${JSON.stringify(query)}`);
  const results = await gopher.search(selector, query);
  log(renderMenu(results).trimEnd());
  const found = results.items.filter((item) => item.type !== "i");
  // Follow the first hit.
  if (found[0]) log((await gopher.text(found[0])).lines.join("\n"));
  return found.map((item) => item.display);
};

await runIfMain(import.meta.url, search);
