// Browse a gopher menu: the root menu as a terminal shows it, then the first sub-menu.
//
//   tsx examples/gopher/browse.ts                       the in-memory hole
//   tsx examples/gopher/browse.ts gopher://host:70/     a real server
import { Gopher, itemKind, type Menu, renderMenu, selectableItems } from "@inetlib/gopher";
import { type GopherExample, runIfMain } from "./hole.js";

export const browse: GopherExample<{ root: Menu; sub: Menu | null }> = async (url, log) => {
  const [gopher, where] = Gopher.fromUrl(url, { timeout: 10 });
  const root = await gopher.menu(where.rawSelector);
  log(`--- ${url}`);
  log(renderMenu(root, { width: 78 }).trimEnd());
  const first = selectableItems(root).find((item) => itemKind(item.type) === "menu");
  if (!first) return { root, sub: null };
  const sub = await gopher.menu(first);
  log(`--- ${first.display}`);
  log(renderMenu(sub, { width: 78 }).trimEnd());
  return { root, sub };
};

await runIfMain(import.meta.url, browse);
