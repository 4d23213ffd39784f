// HTTP with undici (the Node peer): undici.request for the download, a keep-alive Client for the many GETs.
import { Client, request } from "undici";
import { clock, main, params } from "./common.js";
import type { HttpParams } from "./http-params.js";

main(async () => {
  const p = params<HttpParams>();
  const origin = `http://${p.host}:${p.port}`;
  let bytes = 0;
  let ops = 0;
  const t0 = clock();
  if (p.op === "get") {
    const { statusCode, body } = await request(`${origin}${p.path}`);
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
    for await (const chunk of body) bytes += (chunk as Buffer).length;
    ops = 1;
  } else {
    const client = new Client(origin);
    for (let i = 0; i < p.count!; i++) {
      const { statusCode, body } = await client.request({ method: "GET", path: p.path });
      bytes += (await body.arrayBuffer()).byteLength;
      if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
      ops++;
    }
    const seconds = clock() - t0;
    await client.close();
    return { seconds, bytes, ops };
  }
  return { seconds: clock() - t0, bytes, ops };
});
