// POP3 (poplib) against hostile servers.
import { POP3 } from "@inetlib/pop3";
import { type Case, sleep } from "../case.js";
import { BAD_BYTES, HOST, LONG, T, trusting } from "./common.js";

const open = (port: number) => POP3.open(HOST, port, { timeout: T });
const welcome = async (port: number) => (await open(port)).getwelcome().toString("latin1");
const list = async (port: number) => {
  const p = await open(port);
  const [, lines] = await p.list();
  return lines.length;
};

export const pop3: Case[] = [
  {
    name: "pop3: overlong line",
    server: (c) => c.send(`+OK ${LONG}`),
    client: welcome,
    expect: "error_proto",
  },
  {
    name: "pop3: endless multi-line reply",
    server: async (c) => {
      await c.send("+OK hi\r\n");
      await c.expect("LIST");
      await c.flood("1 100\r\n", "+OK list\r\n");
    },
    client: list,
    expect: "error_proto",
    rssMargin: 160,
    watchdog: 60,
  },
  {
    name: "pop3: garbage reply",
    server: (c) => c.send("hello there\r\n"),
    client: welcome,
    expect: "error_proto",
  },
  {
    name: "pop3: NUL and invalid UTF-8",
    server: (c) => c.send(`+OK ${BAD_BYTES}\r\n`),
    client: welcome,
    expect: "ok",
    result: `+OK ${BAD_BYTES}`,
  },
  {
    name: "pop3: reset mid-reply",
    server: async (c) => {
      await c.send("+OK hi\r\n");
      await c.expect("LIST");
      await c.send("+OK list\r\n1 100\r\n2 1");
      await sleep(50);
      await c.reset();
    },
    client: list,
    expect: "ConnectionResetError",
  },
  { name: "pop3: silent server", server: async () => {}, client: welcome, expect: "TimeoutError" },
  {
    name: "pop3: slow trickle",
    server: (c) => c.trickle("+OK hel"),
    client: welcome,
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "pop3: STLS refused",
    server: async (c) => {
      await c.send("+OK hi\r\n");
      await c.answer({ CAPA: "+OK\r\nSTLS\r\n.\r\n", STLS: "-ERR not now\r\n" });
    },
    client: async (port) => (await open(port)).stls(trusting()),
    expect: "error_proto",
  },
  ...["same segment", "later segment"].map(
    (when): Case => ({
      name: `pop3: STLS with plaintext injected after the go-ahead (${when}, CVE-2021-22947)`,
      server: async (c) => {
        await c.send("+OK hi\r\n");
        await c.answer({ CAPA: "+OK\r\nSTLS\r\n.\r\n" }, "STLS");
        if (when === "same segment") await c.send("+OK go\r\n+OK injected\r\n");
        else {
          await c.send("+OK go\r\n");
          await sleep(100);
          await c.send("+OK injected\r\n");
        }
        await c.tls();
        await c.answer({ CAPA: "+OK\r\n.\r\n", NOOP: "+OK real\r\n" });
      },
      client: async (port) => {
        const p = await open(port);
        await p.stls(trusting());
        return (await p.noop()).toString();
      },
      expect: when === "same segment" ? "ok" : "SSLError",
      ...(when === "same segment" ? { result: "+OK real" } : {}),
    }),
  ),
  {
    name: "pop3: refused argument sends nothing (user a\\r\\nDELE 1)",
    server: (c) => c.send("+OK hi\r\n"),
    client: async (port) => (await open(port)).user("a\r\nDELE 1"),
    expect: "ValueError",
    sent: (received) => (received === "" ? null : `sent ${JSON.stringify(received)}`),
  },
];
