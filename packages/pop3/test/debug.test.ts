// set_debuglevel prints what CPython 3.11's poplib prints (captured against the same server),
// except that credentials are masked.
import { describe, expect, it } from "vitest";
import { dummyServer } from "./helpers.js";

describe("set_debuglevel", () => {
  it("prints poplib's trace, passwords and digests masked", async () => {
    const printed: string[] = [];
    await using p = await dummyServer({}, { debugSink: (text) => printed.push(text) });
    const c = p.client;
    expect(c._debugging).toBe(0);
    await c.noop();
    expect(printed).toEqual([]);
    c.set_debuglevel(2);
    expect(c._debugging).toBe(2);
    await c.user("guido");
    await c.pass_("python");
    await c.stat();
    await c.list();
    await c.apop("foo", "x");
    c.set_debuglevel(1);
    await c.stat();
    await c.pass_("python");
    expect(printed.join("")).toBe(
      [
        "*cmd* 'USER guido'",
        "*put* b'USER guido'",
        "*get* b'+OK password required\\r\\n'",
        "*resp* b'+OK password required'",
        "*cmd* 'PASS ******'",
        "*put* b'PASS ******'",
        "*get* b'+OK 10 messages\\r\\n'",
        "*resp* b'+OK 10 messages'",
        "*cmd* 'STAT'",
        "*put* b'STAT'",
        "*get* b'+OK 10 100\\r\\n'",
        "*resp* b'+OK 10 100'",
        "*stat* [b'+OK', b'10', b'100']",
        "*cmd* 'LIST'",
        "*put* b'LIST'",
        "*get* b'+OK\\r\\n'",
        "*resp* b'+OK'",
        "*get* b'1 1\\r\\n'",
        "*get* b'2 2\\r\\n'",
        "*get* b'3 3\\r\\n'",
        "*get* b'4 4\\r\\n'",
        "*get* b'5 5\\r\\n'",
        "*get* b'.\\r\\n'",
        `*cmd* 'APOP foo ${"*".repeat(32)}'`,
        `*put* b'APOP foo ${"*".repeat(32)}'`,
        "*get* b'+OK done nothing.\\r\\n'",
        "*resp* b'+OK done nothing.'",
        "*cmd* 'STAT'",
        "*stat* [b'+OK', b'10', b'100']",
        "*cmd* 'PASS ******'",
        "",
      ].join("\n"),
    );
  });
});
