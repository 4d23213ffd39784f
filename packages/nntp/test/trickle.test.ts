// A greeting trickled a byte at a time never ends: the timeout bounds the whole line, not each
// recv (a deliberate difference from Python, whose client would wait for ever).
import { TimeoutError } from "@inetlib/socket";
import { expect, it } from "vitest";
import { trickler } from "../../socket/test/fixtures/trickle.js";
import { NNTP } from "../src/index.js";

it("a greeting trickled a byte every 60 ms raises the socket's timeout error", async () => {
  await using t = await trickler("200 hi ");
  await expect(NNTP.open("127.0.0.1", t.port, { timeout: 0.5 })).rejects.toThrow(TimeoutError);
});
