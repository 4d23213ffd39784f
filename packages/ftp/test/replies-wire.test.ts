// Replies as they come off the wire: multi-line replies cut at every byte, line endings,
// Python's line limit at its exact edge, end of stream, and what each code raises.
import { EOFError } from "@inetlib/socket";
import type { FTPServer, FTPServerOptions } from "@inetlib/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  error_perm,
  error_proto,
  error_reply,
  error_temp,
  type FTP,
  Error as FTPError,
  ResponseTooLarge,
} from "../src/index.js";
import { client, serve } from "./helpers.js";

const MULTI = "211-First line\r\n EPRT\r\n211-still going\r\n212 other code\r\n 211 indented\r\n211 End\r\n";
const MULTI_TEXT = "211-First line\n EPRT\n211-still going\n212 other code\n 211 indented\n211 End";

let server: FTPServer;
let ftp: FTP;
let options: FTPServerOptions;

beforeEach(async () => {
  options = {
    handlers: {
      RAW: (s, arg) => s.send(Buffer.from(arg.replaceAll("\\r", "\r").replaceAll("\\n", "\n"), "latin1")),
      MULTI: (s) => s.send(MULTI),
      LINE: (s, arg) => {
        const [n, term] = arg.split(" ");
        return s.send(`2${"x".repeat(Number(n) - 1)}${term === "lf" ? "\n" : "\r\n"}`);
      },
      BYE: async (s) => {
        await s.send("211-partial\r\n");
        await s.close();
      },
    },
  };
  server = await serve(options);
  ({ ftp } = await client(server));
});

afterEach(async () => {
  await ftp.close();
  await server.close();
});

describe("multi-line replies", () => {
  it("end at the first line with the opening code and a space, whatever lies between (RFC 959 4.2)", async () => {
    expect(await ftp.sendcmd("MULTI")).toBe(MULTI_TEXT);
  });

  it("are read whole when cut at every byte", async () => {
    const bytes = Buffer.byteLength(MULTI);
    for (let k = 1; k < bytes; k++) {
      options.chunker = (d) => (d.length > k ? [d.subarray(0, k), d.subarray(k)] : [d]);
      expect(await ftp.sendcmd("MULTI"), `cut at ${k}`).toBe(MULTI_TEXT);
    }
    options.chunker = (d) => [...d].map((b) => Buffer.of(b));
    expect(await ftp.sendcmd("MULTI")).toBe(MULTI_TEXT);
    expect(await ftp.getwelcome()).toBe("220 inetlib FTP server ready.");
  });

  it("accept LF and CR endings as Python does; a lone CR inside a line stays", async () => {
    expect(await ftp.sendcmd("RAW 200 lf only\\n")).toBe("200 lf only");
    expect(await ftp.sendcmd("RAW 200-a\\n200 b\\r\\n")).toBe("200-a\n200 b");
    expect(await ftp.sendcmd("RAW 200 cr end\\r\\r\\n")).toBe("200 cr end\r");
  });

  it("getline and getmultiline read below sendcmd", async () => {
    await ftp.putcmd("MULTI");
    expect(await ftp.getline()).toBe("211-First line");
    expect(await ftp.getmultiline()).toBe(" EPRT");
    expect(await ftp.getmultiline()).toBe("211-still going\n212 other code\n 211 indented\n211 End");
  });

  it("end of stream in the middle of a reply is EOFError, and so is every read after", async () => {
    await expect(ftp.sendcmd("BYE")).rejects.toThrow(EOFError);
    await expect(ftp.getline()).rejects.toThrow(EOFError);
  });

  it("a bound on the whole reply: ResponseTooLarge, an ftplib.Error", async () => {
    options.handlers!.HUGE = async (s) => {
      for (let i = 0; i < 1100; i++) await s.send(`211-${"y".repeat(1000)}\r\n`);
      await s.send("211 End\r\n");
    };
    const err = await ftp.sendcmd("HUGE").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLarge);
    expect(err).toBeInstanceOf(FTPError);
  });
});

describe("maxline", () => {
  it("a line of maxline - 1 characters and its ending passes; one more does not (CRLF or LF)", async () => {
    for (const term of ["crlf", "lf"]) {
      expect((await ftp.sendcmd(`LINE 8191 ${term}`)).length).toBe(8191);
      await expect(ftp.sendcmd(`LINE 8192 ${term}`)).rejects.toThrow(
        new FTPError("got more than 8192 bytes"),
      );
      await ftp.close();
      ({ ftp } = await client(server));
    }
  });

  it("counts characters, not bytes, as Python's text file does", async () => {
    expect(
      await ftp.sendcmd(`RAW 200 ${"\u00e9".repeat(2000)}\\r\\n`.replace(/\u00e9/g, "\u00c3\u00a9")),
    ).toBe(`200 ${"\u00e9".repeat(2000)}`);
  });

  it("follows the attribute", async () => {
    ftp.maxline = 20;
    expect(await ftp.sendcmd("LINE 19 crlf")).toHaveLength(19);
    await expect(ftp.sendcmd("LINE 20 crlf")).rejects.toThrow(new FTPError("got more than 20 bytes"));
  });
});

describe("codes", () => {
  it("1xx-3xx are returned, 4xx error_temp, 5xx error_perm, anything else error_proto", async () => {
    expect(await ftp.sendcmd("RAW 150 ok\\r\\n")).toBe("150 ok");
    expect(await ftp.sendcmd("RAW 350 ok\\r\\n")).toBe("350 ok");
    await expect(ftp.sendcmd("RAW 421 bye\\r\\n")).rejects.toThrow(error_temp);
    await expect(ftp.sendcmd("RAW 530 no\\r\\n")).rejects.toThrow(error_perm);
    for (const bad of ["600 x", "099 x", "abc", "", " 200"]) {
      const err = await ftp.sendcmd(`RAW ${bad}\\r\\n`).catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(error_proto);
      expect((err as error_proto).args[0]).toBe(bad);
    }
  });

  it("voidresp wants 2xx", async () => {
    await ftp.putcmd("RAW 150 opening\\r\\n");
    await expect(ftp.voidresp()).rejects.toThrow(new error_reply("150 opening"));
  });
});
