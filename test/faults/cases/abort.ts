// abort() in the middle of a long operation, for every protocol: the call must reject with
// AbortError promptly (the watchdog is short) while the server keeps the operation going.
import { FTP } from "@inetlib/ftp";
import { Gopher } from "@inetlib/gopher";
import { NNTP } from "@inetlib/nntp";
import { POP3 } from "@inetlib/pop3";
import { Telnet } from "@inetlib/telnet";
import { type Case, sleep } from "../case.js";
import { HOST } from "./common.js";
import { LoopbackData } from "./ftp-data.js";

// Aborts after 300 ms; the operation would otherwise last for ever (timeouts are 30 s).
function aborting(): AbortSignal {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 300);
  return ac.signal;
}

const slowly = (line: string) => async (c: import("../case.js").Conn) => {
  for (;;) {
    await c.send(line);
    await sleep(100);
  }
};

export const abort: Case[] = [
  {
    name: "pop3: abort mid-RETR",
    server: async (c) => {
      await c.send("+OK hi\r\n");
      await c.expect("RETR");
      await c.send("+OK message\r\n");
      await slowly("line\r\n")(c);
    },
    client: async (port) => (await POP3.open(HOST, port, { timeout: 30, signal: aborting() })).retr(1),
    expect: "AbortError",
    watchdog: 8,
  },
  {
    name: "nntp: abort mid-BODY",
    server: async (c) => {
      await c.send("200 hi\r\n");
      await c.expect("CAPABILITIES");
      await c.send("101 caps\r\nVERSION 2\r\nREADER\r\n.\r\n");
      await c.expect("BODY");
      await c.send("222 1 <a@b> body\r\n");
      await slowly("line\r\n")(c);
    },
    client: async (port) => (await NNTP.open(HOST, port, { timeout: 30, signal: aborting() })).body("<a@b>"),
    expect: "AbortError",
    watchdog: 8,
  },
  {
    name: "ftp: abort mid-RETR (data connection)",
    server: async (c) => {
      await c.send("220 hi\r\n");
      await c.answer({ USER: "331 pass?\r\n", PASS: "230 in\r\n", TYPE: "200 ok\r\n" }, "PASV");
      const data = await LoopbackData.open();
      await c.send(`227 Entering Passive Mode (127,0,0,1,${data.port >> 8},${data.port & 255})\r\n`);
      await c.expect("RETR");
      await c.send("150 here\r\n");
      await data.sendSlowly(Buffer.from("block"), 100);
    },
    client: async (port) => {
      const f = await FTP.open(HOST, "u", "p", "", { port, timeout: 30, signal: aborting() });
      await f.retrbinary("RETR x", () => {});
    },
    expect: "AbortError",
    watchdog: 8,
  },
  {
    name: "telnet: abort mid-read_until",
    server: slowly("no prompt "),
    client: async (port) =>
      (await Telnet.open(HOST, port, { timeout: 30, signal: aborting() })).read_until(Buffer.from("$ ")),
    expect: "AbortError",
    watchdog: 8,
  },
  {
    name: "gopher: abort mid-menu",
    server: async (c) => {
      await c.line();
      await slowly("1Dir\t/d\tlocalhost\t70\r\n")(c);
    },
    client: async (port) => new Gopher(HOST, port, { timeout: 30, signal: aborting() }).menu(""),
    expect: "AbortError",
    watchdog: 8,
  },
];
