// URL splitting and the progress bar's drawing: pure functions.
import { describe, expect, it } from "vitest";
import { classify, EXIT } from "../src/exit.js";
import { bytes, renderProgress } from "../src/progress.js";
import { parseUrl, redact } from "../src/url.js";

describe("parseUrl", () => {
  it("splits user, ;AUTH= (RFC 2384, RFC 5092), password, host, port, path and query", () => {
    expect(parseUrl("pop://alice;AUTH=+APOP@mail.example:1110/3")).toMatchObject({
      scheme: "pop",
      user: "alice",
      auth: "+APOP",
      password: null,
      host: "mail.example",
      port: 1110,
      path: "/3",
    });
    expect(parseUrl("IMAP://bob:s%3Acret;auth=*@[::1]/INBOX?SUBJECT%20hi")).toMatchObject({
      scheme: "imap",
      user: "bob",
      password: "s:cret",
      auth: "*",
      host: "::1",
      port: null,
      path: "/INBOX",
      query: "SUBJECT%20hi",
    });
    expect(parseUrl("news:comp.lang.python")).toMatchObject({
      hasAuthority: false,
      host: "",
      path: "comp.lang.python",
    });
    expect(parseUrl("ftp://h/a#frag")).toMatchObject({ path: "/a", query: null });
  });

  it("refuses what is not a URL as a usage error", () => {
    for (const bad of ["nothing", "pop://a b@h/", "pop://h:70000/", "pop://u;x=1@h/", "pop://%zz@h/"]) {
      let code = 0;
      try {
        parseUrl(bad);
      } catch (err) {
        code = classify(err).code;
      }
      expect(code, bad).toBe(EXIT.USAGE);
    }
  });

  it("redacts passwords", () => {
    expect(redact("ftp://alice:secret@host/x")).toBe("ftp://alice:****@host/x");
    expect(redact("ftp://host/x")).toBe("ftp://host/x");
  });
});

describe("progress", () => {
  it("draws a bar with a percentage when the size is known, fitted to the terminal", () => {
    const line = renderProgress("file.bin", 512 * 1024, 1024 * 1024, 1000, 80);
    expect(line).toHaveLength(79);
    expect(line).toMatch(/^file\.bin \[#{14}\.{15}\] {2}50% {2}512\.0 KiB \/ 1\.0 MiB {2}512\.0 KiB\/s$/);
    expect(renderProgress("file.bin", 2048, null, 1000, 60).trimEnd()).toBe("file.bin  2.0 KiB  2.0 KiB/s");
  });

  it("writes sizes for people", () => {
    expect([bytes(0), bytes(1023), bytes(1536), bytes(8 << 20)]).toEqual([
      "0 B",
      "1023 B",
      "1.5 KiB",
      "8.0 MiB",
    ]);
  });
});

describe("classify", () => {
  it("calls anything unknown an internal error", () => {
    expect(classify(new TypeError("x is undefined"))).toMatchObject({
      code: EXIT.INTERNAL,
      message: "internal error: x is undefined",
    });
  });
});
