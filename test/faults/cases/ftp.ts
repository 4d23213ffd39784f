// FTP (ftplib) against hostile servers.
import { FTP, FTP_TLS } from "@inetlib/ftp";
import { type Case, type Conn, nothingAfter, sleep } from "../case.js";
import { BAD_BYTES, HOST, LONG, T, trusting } from "./common.js";
import { LoopbackData } from "./ftp-data.js";

const open = (port: number) => FTP.open(HOST, "", "", "", { port, timeout: T });
const welcome = async (port: number) => (await open(port)).getwelcome();
const LOGIN = { USER: "331 pass?\r\n", PASS: "230 in\r\n", TYPE: "200 ok\r\n" };

// A login, then `then` for the rest.
async function loggedIn(c: Conn, then: (c: Conn) => Promise<void>): Promise<void> {
  await c.send("220 hi\r\n");
  await c.answer(LOGIN, "PASS");
  await c.send("230 in\r\n");
  await then(c);
}

export const ftp: Case[] = [
  {
    name: "ftp: overlong line",
    server: (c) => c.send(`220 ${LONG}`),
    client: welcome,
    expect: "Error",
  },
  {
    name: "ftp: endless multi-line reply",
    server: (c) => c.flood("220-more\r\n", "220-hello\r\n"),
    client: welcome,
    expect: "ResponseTooLarge",
  },
  {
    name: "ftp: garbage code",
    server: (c) => c.send("hello there\r\n"),
    client: welcome,
    expect: "error_proto",
  },
  {
    name: "ftp: out-of-range code",
    server: (c) => c.send("999 what\r\n"),
    client: welcome,
    expect: "error_proto",
  },
  {
    name: "ftp: NUL and invalid UTF-8",
    server: (c) => c.send(`220 ${BAD_BYTES}\r\n`),
    client: welcome,
    expect: "UnicodeDecodeError",
  },
  {
    name: "ftp: reset mid-reply",
    server: async (c) => {
      await c.send("220-partial\r\n220-more");
      await sleep(50);
      await c.reset();
    },
    client: welcome,
    expect: "ConnectionResetError",
  },
  {
    name: "ftp: reset mid-transfer",
    server: (c) =>
      loggedIn(c, async (c) => {
        await c.expect("TYPE");
        await c.send("200 ok\r\n");
        await c.expect("PASV");
        const data = await LoopbackData.open();
        await c.send(`227 Entering Passive Mode (127,0,0,1,${data.port >> 8},${data.port & 255})\r\n`);
        await c.expect("RETR");
        await c.send("150 here it comes\r\n");
        await data.sendThenReset(Buffer.alloc(100000, "d"));
        await sleep(50);
        await c.reset();
      }),
    client: async (port) => {
      const f = await FTP.open(HOST, "u", "p", "", { port, timeout: T });
      let n = 0;
      await f.retrbinary("RETR x", (b) => {
        n += b.length;
      });
      return n;
    },
    expect: "ConnectionResetError",
  },
  {
    name: "ftp: PASV to a foreign address (CVE-2021-4189)",
    server: (c) =>
      loggedIn(c, async (c) => {
        await c.expect("TYPE");
        await c.send("200 ok\r\n");
        await c.expect("PASV");
        const data = await LoopbackData.open();
        await c.send(`227 Entering Passive Mode (10,9,8,7,${data.port >> 8},${data.port & 255})\r\n`);
        await c.expect("RETR");
        await c.send("150 here\r\n");
        await data.sendThenClose(Buffer.from("payload"));
        await c.send("226 done\r\n");
      }),
    client: async (port) => {
      const f = await FTP.open(HOST, "u", "p", "", { port, timeout: T });
      const got: Buffer[] = [];
      await f.retrbinary("RETR x", (b) => {
        got.push(b);
      });
      return Buffer.concat(got).toString();
    },
    expect: "ok",
    result: "payload",
  },
  {
    name: "ftp: refused argument sends nothing (retrlines LIST a\\rINJECT x)",
    server: (c) => loggedIn(c, async () => {}),
    client: async (port) => {
      const f = await FTP.open(HOST, "u", "p", "", { port, timeout: T });
      await f.retrlines("LIST a\rINJECT x", () => {});
    },
    expect: "ValueError",
    sent: nothingAfter("PASS p\r\n"),
  },
  {
    name: "ftp: silent server",
    server: async () => {},
    client: welcome,
    expect: "TimeoutError",
  },
  {
    name: "ftp: slow trickle",
    server: (c) => c.trickle("220 hel"),
    client: welcome,
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "ftp: AUTH TLS refused",
    server: async (c) => {
      await c.send("220 hi\r\n");
      await c.answer({ AUTH: "534 no TLS here\r\n" });
    },
    client: async (port) => {
      const f = new FTP_TLS({ timeout: T, context: trusting() });
      await f.connect(HOST, port);
      await f.auth();
    },
    expect: "error_perm",
  },
  ...["same segment", "later segment"].map(
    (when): Case => ({
      name: `ftp: AUTH TLS with plaintext injected after the go-ahead (${when}, CVE-2021-22947)`,
      server: async (c) => {
        await c.send("220 hi\r\n");
        await c.expect("AUTH");
        if (when === "same segment") await c.send("234 go\r\n200 injected\r\n");
        else {
          await c.send("234 go\r\n");
          await sleep(100);
          await c.send("200 injected\r\n");
        }
        await c.tls();
        await c.answer({ NOOP: "200 real\r\n" });
      },
      client: async (port) => {
        const f = new FTP_TLS({ timeout: T, context: trusting() });
        await f.connect(HOST, port);
        await f.auth();
        return f.voidcmd("NOOP");
      },
      expect: when === "same segment" ? "ok" : "SSLError",
      ...(when === "same segment" ? { result: "200 real" } : {}),
    }),
  ),
];
