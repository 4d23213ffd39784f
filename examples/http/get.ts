// A GET with http.client, as Python's documentation shows it: status, reason, headers, body;
// then a second request on the same kept-alive connection, and set_debuglevel's trace.
//
//   tsx examples/http/get.ts [BASE-URL]     (default: the in-process server)
import { HTTPConnection, urlsplit } from "@inetlib/http";
import { type Log, runIfMain } from "./server.js";

export async function get(base: string, log: Log): Promise<number> {
  const { scheme, netloc } = urlsplit(base);
  if (scheme !== "http") throw new Error("get.ts speaks plain http; give an http:// URL");
  const conn = new HTTPConnection(netloc, null, { debugSink: (line) => log(line.trimEnd()) });
  await conn.request("GET", "/hello");
  const r1 = await conn.getresponse();
  log(r1.status, r1.reason);
  for (const [k, v] of r1.getheaders()) log(`  ${k}: ${v}`);
  log((await r1.read()).toString().trimEnd());
  conn.set_debuglevel(1);
  await conn.request("HEAD", "/hello");
  const r2 = await conn.getresponse();
  await r2.read();
  await conn.close();
  return r2.status;
}

await runIfMain(import.meta.url, get);
