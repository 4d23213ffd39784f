// Every name of Python 3.11's imaplib public API (../shared/parity/imaplib.md), plus 3.14's
// idle(), exists with the right kind.
import { describe, expect, it } from "vitest";
import * as imaplib from "../src/index.js";

const IMAP4_METHODS =
  `append authenticate capability check close copy create delete deleteacl enable expunge fetch
  getacl getannotation getquota getquotaroot list login login_cram_md5 logout lsub myrights namespace noop open partial
  print_log proxyauth read readline recent rename response search select send setacl setannotation setquota shutdown
  socket sort starttls status store subscribe thread uid unselect unsubscribe xatom idle`.split(/\s+/);

describe("imaplib's names", () => {
  it("IMAP4 has every method, the exception classes, and the constructor's work as open()", () => {
    for (const name of IMAP4_METHODS)
      expect(typeof (imaplib.IMAP4.prototype as unknown as Record<string, unknown>)[name], name).toBe(
        "function",
      );
    expect(typeof imaplib.IMAP4.prototype[Symbol.asyncDispose]).toBe("function");
    expect(imaplib.IMAP4.error).toBe(imaplib.error);
    expect(imaplib.IMAP4.abort).toBe(imaplib.abort);
    expect(imaplib.IMAP4.readonly).toBe(imaplib.readonly);
    expect(new imaplib.readonly("x")).toBeInstanceOf(imaplib.abort);
    expect(new imaplib.abort("x")).toBeInstanceOf(imaplib.error);
    expect([
      new imaplib.error("x").name,
      new imaplib.abort("x").name,
      new imaplib.readonly("x").name,
    ]).toEqual(["error", "abort", "readonly"]);
    expect(typeof imaplib.IMAP4.open).toBe("function");
  });

  it("IMAP4_SSL and IMAP4_stream are IMAP4s with their own open()", () => {
    expect(new imaplib.IMAP4_SSL()).toBeInstanceOf(imaplib.IMAP4);
    expect(new imaplib.IMAP4_stream("true")).toBeInstanceOf(imaplib.IMAP4);
    for (const cls of [imaplib.IMAP4_SSL, imaplib.IMAP4_stream])
      expect(Object.hasOwn(cls.prototype, "open")).toBe(true);
    for (const name of ["read", "readline", "send", "shutdown"])
      expect(typeof (imaplib.IMAP4_stream.prototype as unknown as Record<string, unknown>)[name]).toBe(
        "function",
      );
  });

  it("the module functions, constants and the command table", () => {
    for (const fn of [
      imaplib.Internaldate2tuple,
      imaplib.Int2AP,
      imaplib.ParseFlags,
      imaplib.Time2Internaldate,
    ])
      expect(typeof fn).toBe("function");
    expect([imaplib.IMAP4_PORT, imaplib.IMAP4_SSL_PORT, imaplib._MAXLINE]).toEqual([143, 993, 1000000]);
    expect(imaplib.AllowedVersions).toEqual(["IMAP4REV1", "IMAP4"]);
    expect(imaplib.Commands.IDLE).toEqual(["AUTH", "SELECTED"]);
    expect(imaplib.Commands.LOGOUT).toEqual(["NONAUTH", "AUTH", "SELECTED", "LOGOUT"]);
    expect(imaplib.__version__).toBe("2.58");
  });

  it("a new IMAP4 does no I/O and starts as Python's does", () => {
    const M = new imaplib.IMAP4();
    expect([M.state, M.sock, M.debug, M.tagnum, M.is_readonly, M._encoding, M.utf8_enabled]).toEqual([
      "LOGOUT",
      null,
      0,
      0,
      false,
      "ascii",
      false,
    ]);
    expect(M.untagged_responses).toEqual({});
    expect(M.tagged_commands.size).toBe(0);
  });
});
