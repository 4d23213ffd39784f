// The gopher step: a menu as a terminal shows it, then a text item from it.
import { Gopher, itemKind, itemToUrl, renderMenu, selectableItems } from "@inetlib/gopher";
import type { TourStep } from "../types.js";

/** gopherStep reads the root menu and the first text item on the same server. */
export const gopherStep: TourStep = {
  name: "gopher",
  title: "gopher: a menu and a text item (@inetlib/gopher, Python's gopherlib)",
  async run(t, show) {
    const { host, port } = t.gopher;
    await using g = new Gopher(host, port, { timeout: show.timeout, ...signal(show.signal) });
    show.call(`await new Gopher(${JSON.stringify(host)}, ${port}).menu("")`);
    const menu = await g.menu("");
    show.result(renderMenu(menu, { width: 74 }));
    const item = selectableItems(menu).find(
      (i) => itemKind(i.type, i.selector) === "text" && i.host === host && i.port === port,
    );
    if (!item) throw new Error("the root menu has no text item on this server");
    show.call(
      `await g.text(item)   // ${JSON.stringify(item.display)}, selector ${JSON.stringify(item.selector)}`,
    );
    const doc = await g.text(item);
    show.result(doc.lines.join("\n"));
    show.cli(`inetlib get ${itemToUrl(item)}`);
  },
};

function signal(s: AbortSignal | undefined): { signal?: AbortSignal } {
  return s ? { signal: s } : {};
}
