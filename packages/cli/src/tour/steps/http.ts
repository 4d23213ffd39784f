// The HTTP step: a GET as most Python programs do it, urllib.request.urlopen(url).read(), and
// an XML-RPC call through xmlrpc.client.ServerProxy.
import { ServerProxy, urlopen } from "@inetlib/http";
import { pyrepr } from "@inetlib/socket";
import type { TourStep } from "../types.js";

/** httpStep gets the target's page. */
export const httpStep: TourStep = {
  name: "http",
  title: "HTTP: a GET and an XML-RPC call (@inetlib/http, Python's urllib.request and xmlrpc.client)",
  async run(t, show) {
    show.call(`const f = await urlopen(${JSON.stringify(t.http.url)})`);
    const f = await urlopen(t.http.url, null, show.timeout);
    try {
      show.result(`f.status: ${f.status}, f.geturl(): ${f.geturl()}`);
      show.result(`f.headers.get("Content-Type"): ${f.headers.get("content-type")}`);
      show.call("(await f.read()).toString()");
      show.result((await f.read()).toString("utf8"));
    } finally {
      f.close();
    }
    show.cli(`inetlib get ${t.http.url}`);

    show.call(`const proxy = new ServerProxy(${JSON.stringify(t.http.xmlrpc)})`);
    await using proxy = new ServerProxy(t.http.xmlrpc, { timeout: show.timeout });
    show.call("await proxy.system.listMethods()");
    const methods = (await proxy.system!.listMethods!()) as string[];
    const own = methods.filter((m) => !m.startsWith("system."));
    show.result(`${pyrepr(own).slice(0, -1)}, ... ${methods.length - own.length} system.* methods]`);
    show.call("await proxy.add(2, 3)");
    show.result(String(await proxy.add!(2, 3)));
  },
};
