// IMAP (imaplib) against hostile servers. The server greets with PREAUTH.
import { IMAP4, IMAP4_stream } from "@inetlib/imap";
import { type Case, type Conn, nothingAfter, sleep } from "../case.js";
import { BAD_BYTES, bomb, HOST, inflatingTrickle, LONG, T, trusting } from "./common.js";

const open = (port: number) => IMAP4.open(HOST, port, { timeout: T });
const welcome = async (port: number) => String((await open(port)).welcome);
const noop = async (port: number) => (await (await open(port)).noop())[0];

// The greeting (PREAUTH: the AUTH state at once; OK for STARTTLS) and the CAPABILITY answer.
async function greeted(c: Conn, caps = "IMAP4rev1 STARTTLS IDLE", greeting = "PREAUTH"): Promise<void> {
  await c.send(`* ${greeting} hi\r\n`);
  const line = await c.expect("");
  await c.send(`* CAPABILITY ${caps}\r\n${line.split(" ")[0]} OK done\r\n`);
}
// Reads the next command, returns its tag.
async function next(c: Conn, name: string): Promise<string> {
  const line = await c.expect("");
  if (!line.toUpperCase().includes(name)) throw new Error(`expected ${name}, got ${line}`);
  return line.split(" ")[0]!;
}

// COMPRESS=DEFLATE offered, the client asks for it, then NOOPs through it.
async function compressed(c: Conn): Promise<void> {
  await greeted(c, "IMAP4rev1 COMPRESS=DEFLATE");
  await c.send(`${await next(c, "COMPRESS")} OK go\r\n`);
}
const compressedNoop = async (port: number) => {
  const M = await open(port);
  await M.compress();
  return (await M.noop())[0];
};

// IMAP4_stream over a relay process (node) to the hostile server: its pipes meet the script.
const RELAY =
  'const s=require("net").connect(+process.argv[1],"127.0.0.1");process.stdin.pipe(s);s.pipe(process.stdout);s.on("error",()=>process.exit());process.stdout.on("error",()=>process.exit())';
const streamed = (port: number) =>
  IMAP4_stream.open(`"${process.execPath}" -e '${RELAY}' ${port}`, { timeout: T }).then((M) =>
    String(M.welcome),
  );

export const imap: Case[] = [
  { name: "imap: overlong line", server: (c) => c.send(`* OK ${LONG}`), client: welcome, expect: "error" },
  {
    name: "imap: endless literal",
    server: async (c) => {
      await greeted(c);
      await next(c, "NOOP");
      await c.flood("x".repeat(65536), "* 1 FETCH (BODY[] {4294967295}\r\n");
    },
    client: noop,
    expect: "abort",
  },
  {
    name: "imap: endless literal within the literal bound",
    server: async (c) => {
      await greeted(c);
      await next(c, "NOOP");
      await c.flood("x".repeat(65536), "* 1 FETCH (BODY[] {60000000}\r\n");
    },
    client: async (port) => {
      const M = await IMAP4.open(HOST, port, { timeout: T, maxLiteralSize: 8 * 1024 * 1024 });
      return (await M.noop())[0];
    },
    expect: "abort",
  },
  {
    name: "imap: flood of untagged responses",
    server: async (c) => {
      await greeted(c);
      await next(c, "NOOP");
      await c.flood("* 1 EXISTS\r\n");
    },
    client: noop,
    expect: "abort",
    rssMargin: 128,
    watchdog: 60,
  },
  { name: "imap: garbage", server: (c) => c.send("hello there\r\n"), client: welcome, expect: "abort" },
  {
    name: "imap: NUL and invalid UTF-8",
    server: async (c) => {
      await greeted(c);
      const tag = await next(c, "NOOP");
      await c.send(`* OK ${BAD_BYTES}\r\n${tag} OK ${BAD_BYTES}\r\n`);
    },
    client: noop,
    expect: "ok",
    result: "OK",
  },
  {
    name: "imap: reset mid-reply",
    server: async (c) => {
      await greeted(c);
      await next(c, "NOOP");
      await c.send("* 1 FETCH (BODY[] {100}\r\npartial");
      await sleep(50);
      await c.reset();
    },
    client: noop,
    expect: "ConnectionResetError",
  },
  { name: "imap: silent server", server: async () => {}, client: welcome, expect: "TimeoutError" },
  {
    name: "imap: slow trickle",
    server: (c) => c.trickle("* OK hel"),
    client: welcome,
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "imap: slow trickle after COMPRESS=DEFLATE (each compressed byte inflating to one more)",
    server: async (c) => {
      await compressed(c);
      await c.trickle(inflatingTrickle("* OK "));
    },
    client: compressedNoop,
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "imap: decompression bomb line after COMPRESS=DEFLATE",
    server: async (c) => {
      await compressed(c);
      c.discardInput();
      await c.flood(bomb());
    },
    client: compressedNoop,
    expect: "error",
  },
  {
    name: "imap: IMAP4_stream, slow trickle through the pipes",
    server: (c) => c.trickle("* PREAUTH hel"),
    client: streamed,
    expect: "TimeoutError",
    watchdog: 12,
  },
  {
    name: "imap: IMAP4_stream, overlong line through the pipes",
    server: (c) => c.send(`* PREAUTH ${LONG}`),
    client: streamed,
    expect: "error",
  },
  {
    name: "imap: STARTTLS refused",
    server: async (c) => {
      await greeted(c, undefined, "OK");
      const tag = await next(c, "STARTTLS");
      await c.send(`${tag} NO not now\r\n`);
    },
    client: async (port) => (await open(port)).starttls(trusting()),
    expect: "error",
  },
  ...["same segment", "later segment"].map(
    (when): Case => ({
      name: `imap: STARTTLS with plaintext injected after the go-ahead (${when}, CVE-2021-22947)`,
      server: async (c) => {
        await greeted(c, undefined, "OK");
        const tag = await next(c, "STARTTLS");
        const injected = "* CAPABILITY IMAP4rev1 INJECTED\r\n";
        if (when === "same segment") await c.send(`${tag} OK go\r\n${injected}`);
        else {
          await c.send(`${tag} OK go\r\n`);
          await sleep(100);
          await c.send(injected);
        }
        await c.tls();
        const cap = await next(c, "CAPABILITY");
        await c.send(`* CAPABILITY IMAP4rev1 REAL\r\n${cap} OK done\r\n`);
      },
      client: async (port) => {
        const M = await open(port);
        await M.starttls(trusting());
        return M.capabilities.join(" ");
      },
      expect: when === "same segment" ? "ok" : "SSLError",
      ...(when === "same segment" ? { result: "IMAP4REV1 REAL" } : {}),
    }),
  ),
  {
    name: "imap: refused argument sends nothing (select a\\r\\nZ1 DELETE INBOX)",
    server: (c) => greeted(c),
    client: async (port) => (await open(port)).select("a\r\nZ1 DELETE INBOX"),
    expect: "ValueError",
    sent: nothingAfter("CAPABILITY\r\n"),
  },
  {
    name: "imap: a refused APPEND's body never runs as commands",
    server: async (c) => {
      await greeted(c, "IMAP4rev1 ENABLE UTF8=ACCEPT");
      const enable = await next(c, "ENABLE");
      await c.send(`${enable} OK enabled\r\n`); // dovecot 2.3: no * ENABLED
      const append = await next(c, "APPEND");
      await c.send(`${append} NO [TRYCREATE] refused\r\n`);
    },
    client: async (port) => {
      const M = await open(port);
      await M.enable("UTF8=ACCEPT");
      return (await M.append("INBOX", null, null, "Subject: x\r\n\r\nzz1 CREATE Injected\r\n"))[0];
    },
    expect: "ok",
    result: "NO",
    sent: (received) => (received.includes("Injected") ? "the body was sent" : null),
  },
  {
    name: "imap: logout with an IDLE left open (BAD Expected DONE)",
    server: async (c) => {
      await greeted(c);
      const idle = await next(c, "IDLE");
      await c.send("+ idling\r\n");
      for (;;) {
        const line = await c.line();
        if (line === null) return;
        if (line === "DONE") break;
        await c.send("* BAD Expected DONE.\r\n");
      }
      await c.send(`${idle} OK idle done\r\n`);
      const logout = await next(c, "LOGOUT");
      await c.send(`* BYE bye\r\n${logout} OK bye\r\n`);
    },
    client: async (port) => {
      const M = await open(port);
      await M.idle();
      return (await M.logout())[0];
    },
    expect: "ok",
    result: "BYE",
  },
  {
    name: "imap: abort during IDLE",
    server: async (c) => {
      await greeted(c);
      await next(c, "IDLE");
      await c.send("+ idling\r\n");
    },
    client: async (port) => {
      const ac = new AbortController();
      const M = await IMAP4.open(HOST, port, { timeout: 30, signal: ac.signal });
      const idler = await M.idle();
      setTimeout(() => ac.abort(), 200);
      await idler.next();
    },
    expect: "AbortError",
    watchdog: 8,
  },
];
