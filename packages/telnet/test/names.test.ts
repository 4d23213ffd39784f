// Every name of Python 3.11's telnetlib (../shared/parity/telnetlib.md): the module's
// constants with CPython's values, and Telnet's methods. Generated once from CPython itself.
import { describe, expect, it } from "vitest";
import * as tl from "../src/index.js";

const CONSTANTS: Record<string, number> = {
  IAC: 255,
  DONT: 254,
  DO: 253,
  WONT: 252,
  WILL: 251,
  theNULL: 0,
  SE: 240,
  NOP: 241,
  DM: 242,
  BRK: 243,
  IP: 244,
  AO: 245,
  AYT: 246,
  EC: 247,
  EL: 248,
  GA: 249,
  SB: 250,
  BINARY: 0,
  ECHO: 1,
  RCP: 2,
  SGA: 3,
  NAMS: 4,
  STATUS: 5,
  TM: 6,
  RCTE: 7,
  NAOL: 8,
  NAOP: 9,
  NAOCRD: 10,
  NAOHTS: 11,
  NAOHTD: 12,
  NAOFFD: 13,
  NAOVTS: 14,
  NAOVTD: 15,
  NAOLFD: 16,
  XASCII: 17,
  LOGOUT: 18,
  BM: 19,
  DET: 20,
  SUPDUP: 21,
  SUPDUPOUTPUT: 22,
  SNDLOC: 23,
  TTYPE: 24,
  EOR: 25,
  TUID: 26,
  OUTMRK: 27,
  TTYLOC: 28,
  VT3270REGIME: 29,
  X3PAD: 30,
  NAWS: 31,
  TSPEED: 32,
  LFLOW: 33,
  LINEMODE: 34,
  XDISPLOC: 35,
  OLD_ENVIRON: 36,
  AUTHENTICATION: 37,
  ENCRYPT: 38,
  NEW_ENVIRON: 39,
  TN3270E: 40,
  XAUTH: 41,
  CHARSET: 42,
  RSP: 43,
  COM_PORT_OPTION: 44,
  SUPPRESS_LOCAL_ECHO: 45,
  TLS: 46,
  KERMIT: 47,
  SEND_URL: 48,
  FORWARD_X: 49,
  PRAGMA_LOGON: 138,
  SSPI_LOGON: 139,
  PRAGMA_HEARTBEAT: 140,
  EXOPL: 255,
  NOOPT: 0,
  TELNET_PORT: 23,
  DEBUGLEVEL: 0,
};

const METHODS = [
  "close",
  "expect",
  "fileno",
  "fill_rawq",
  "get_socket",
  "interact",
  "listener",
  "msg",
  "mt_interact",
  "open",
  "process_rawq",
  "rawq_getchar",
  "read_all",
  "read_eager",
  "read_lazy",
  "read_sb_data",
  "read_some",
  "read_until",
  "read_very_eager",
  "read_very_lazy",
  "set_debuglevel",
  "set_option_negotiation_callback",
  "sock_avail",
  "write",
];

describe("telnetlib's names", () => {
  it.each(Object.entries(CONSTANTS))("%s has CPython's value", (name, value) => {
    const ours = (tl as unknown as Record<string, unknown>)[name];
    if (typeof ours === "number") expect(ours).toBe(value);
    else {
      expect(Buffer.isBuffer(ours)).toBe(true);
      expect([...(ours as Buffer)]).toEqual([value]);
    }
  });

  it("Telnet has every method, and the context manager as asyncDispose", () => {
    for (const name of METHODS)
      expect(typeof (tl.Telnet.prototype as unknown as Record<string, unknown>)[name]).toBe("function");
    expect(typeof tl.Telnet.prototype[Symbol.asyncDispose]).toBe("function");
    expect(typeof tl.Telnet.open).toBe("function");
  });
});
