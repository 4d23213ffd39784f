// A status or header line trickled a byte at a time never ends: the timeout bounds the whole
// line, not each recv() (issue 17 item 5, a deliberate difference from Python's http.client).
import { TimeoutError } from "@inetlib/socket";
import { expect, it } from "vitest";
import { trickler } from "../../socket/test/fixtures/trickle.js";
import { HTTPConnection } from "../src/index.js";

for (const [what, prefix] of [
  ["status line", "HTTP/1.1 200 O"],
  ["header line", "HTTP/1.1 200 OK\r\nX-Slow: "],
] as const) {
  it(`a ${what} trickled a byte every 60 ms raises the socket's timeout error`, async () => {
    await using t = await trickler(prefix, { afterLine: true });
    const conn = new HTTPConnection("127.0.0.1", t.port, { timeout: 0.5 });
    try {
      await conn.request("GET", "/");
      await expect(conn.getresponse()).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      await conn.close();
    }
  });
}
