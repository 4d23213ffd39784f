// NNTP (nntplib) against hostile servers. The server answers CAPABILITIES with READER, so no
// MODE READER goes out.
import { NNTP } from "@inetlib/nntp";
import { type Case, type Conn, nothingAfter, sleep } from "../case.js";
import { BAD_BYTES, bomb, HOST, inflatingTrickle, LONG, T, trusting } from "./common.js";

const CAPS = "101 caps\r\nVERSION 2\r\nREADER\r\nSTARTTLS\r\nCOMPRESS DEFLATE\r\n.\r\n";
const open = (port: number) => NNTP.open(HOST, port, { timeout: T });
const welcome = async (port: number) => (await open(port)).getwelcome();
const help = async (port: number) => (await (await open(port)).help())[1].length;

async function greeted(c: Conn): Promise<void> {
  await c.send("200 hi\r\n");
  await c.expect("CAPABILITIES");
  await c.send(CAPS);
}

export const nntp: Case[] = [
  {
    name: "nntp: overlong line",
    server: (c) => c.send(`200 ${LONG}`),
    client: welcome,
    expect: "NNTPDataError",
  },
  {
    name: "nntp: endless multi-line reply",
    server: async (c) => {
      await greeted(c);
      await c.expect("HELP");
      await c.flood("help text line\r\n", "100 help\r\n");
    },
    client: help,
    expect: "NNTPDataError",
    rssMargin: 160,
    watchdog: 60,
  },
  {
    name: "nntp: garbage code",
    server: (c) => c.send("hello there\r\n"),
    client: welcome,
    expect: "NNTPProtocolError",
  },
  {
    name: "nntp: out-of-range code",
    server: (c) => c.send("999 what\r\n"),
    client: welcome,
    expect: "NNTPProtocolError",
  },
  {
    name: "nntp: NUL and invalid UTF-8",
    server: async (c) => {
      await c.send(`200 ${BAD_BYTES}\r\n`);
      await c.answer({ CAPABILITIES: CAPS });
    },
    client: async (port) => (await welcome(port)).length,
    expect: "ok",
  },
  {
    name: "nntp: reset mid-reply",
    server: async (c) => {
      await greeted(c);
      await c.expect("HELP");
      await c.send("100 help\r\nline\r\nli");
      await sleep(50);
      await c.reset();
    },
    client: help,
    expect: "ConnectionResetError",
  },
  { name: "nntp: silent server", server: async () => {}, client: welcome, expect: "TimeoutError" },
  {
    name: "nntp: slow trickle",
    server: (c) => c.trickle("200 hel"),
    client: welcome,
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "nntp: slow trickle after COMPRESS (each compressed byte inflating to one more)",
    server: async (c) => {
      await greeted(c);
      await c.expect("COMPRESS");
      await c.send("206 go\r\n");
      await c.trickle(inflatingTrickle("101 caps"));
    },
    client: async (port) => (await open(port)).compress(),
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "nntp: decompression bomb line after COMPRESS",
    server: async (c) => {
      await greeted(c);
      await c.expect("COMPRESS");
      await c.send("206 go\r\n");
      c.discardInput();
      await c.flood(bomb());
    },
    client: async (port) => (await open(port)).compress(),
    expect: "NNTPDataError",
  },
  {
    name: "nntp: STARTTLS refused",
    server: async (c) => {
      await greeted(c);
      await c.answer({ STARTTLS: "580 no\r\n" });
    },
    client: async (port) => (await open(port)).starttls(trusting()),
    expect: "NNTPPermanentError",
  },
  ...["same segment", "later segment"].map(
    (when): Case => ({
      name: `nntp: STARTTLS with plaintext injected after the go-ahead (${when}, CVE-2021-22947)`,
      server: async (c) => {
        await greeted(c);
        await c.expect("STARTTLS");
        if (when === "same segment") await c.send("382 go\r\n101 caps\r\nVERSION 2\r\nINJECTED\r\n.\r\n");
        else {
          await c.send("382 go\r\n");
          await sleep(100);
          await c.send("101 caps\r\nVERSION 2\r\nINJECTED\r\n.\r\n");
        }
        await c.tls();
        await c.answer({ CAPABILITIES: "101 caps\r\nVERSION 2\r\nREADER\r\n.\r\n" });
      },
      client: async (port) => {
        const s = await open(port);
        await s.starttls(trusting());
        return Object.keys(await s.getcapabilities())
          .sort()
          .join(",");
      },
      expect: when === "same segment" ? "ok" : "SSLError",
      ...(when === "same segment" ? { result: "READER,VERSION" } : {}),
    }),
  ),
  {
    name: "nntp: refused argument sends nothing (group a\\r\\nPOST)",
    server: greeted,
    client: async (port) => (await open(port)).group("a\r\nPOST"),
    expect: "ValueError",
    sent: nothingAfter("CAPABILITIES\r\n"),
  },
];
