// HTTP with @inetlib/http's http.client, written as a Python user would write it.
import { HTTPConnection } from "@inetlib/http";
import { clock, main, params } from "./common.js";
import type { HttpParams } from "./http-params.js";

main(async () => {
  const p = params<HttpParams>();
  const t0 = clock();
  const conn = new HTTPConnection(p.host, p.port, { timeout: 120 });
  let bytes = 0;
  let ops = 0;
  if (p.op === "get") {
    await conn.request("GET", p.path);
    const resp = await conn.getresponse();
    if (resp.status !== 200) throw new Error(`HTTP ${resp.status}`);
    if (p.mode === "chunks") {
      for await (const chunk of resp.chunks()) bytes += chunk.length;
    } else {
      const buf = Buffer.allocUnsafe(p.blocksize);
      for (let n = await resp.readinto(buf); n > 0; n = await resp.readinto(buf)) bytes += n;
    }
    ops = 1;
  } else {
    for (let i = 0; i < p.count!; i++) {
      await conn.request("GET", p.path);
      const resp = await conn.getresponse();
      bytes += (await resp.read()).length;
      if (resp.status !== 200) throw new Error(`HTTP ${resp.status}`);
      ops++;
    }
  }
  const seconds = clock() - t0;
  await conn.close();
  return { seconds, bytes, ops };
});
