// SMTP (smtplib) against hostile servers.
import { SMTP } from "@inetlib/smtp";
import { type Case, nothingAfter, sleep } from "../case.js";
import { BAD_BYTES, HOST, LONG, T, trusting } from "./common.js";

const open = (port: number) => SMTP.open(HOST, port, { timeout: T, local_hostname: "client" });
const greet = async (port: number) => {
  const s = await open(port);
  const [code, msg] = await s.noop();
  return `${code} ${msg.toString("latin1")}`;
};
const EHLO = "250-fault\r\n250-STARTTLS\r\n250 SIZE 1000\r\n";

export const smtp: Case[] = [
  {
    name: "smtp: overlong line",
    server: (c) => c.send(`220 ${LONG}`),
    client: greet,
    expect: "SMTPResponseException",
  },
  {
    name: "smtp: endless multi-line reply",
    server: (c) => c.flood("220-more\r\n"),
    client: greet,
    expect: "SMTPResponseException",
  },
  {
    name: "smtp: garbage code",
    server: (c) => c.send("hello there\r\n"),
    client: greet,
    expect: "SMTPConnectError",
  },
  {
    name: "smtp: out-of-range code",
    server: (c) => c.send("999 what\r\n"),
    client: greet,
    expect: "SMTPConnectError",
  },
  {
    name: "smtp: NUL and invalid UTF-8",
    server: async (c) => {
      await c.send(`220 ${BAD_BYTES}\r\n`);
      await c.answer({ NOOP: `250 ${BAD_BYTES}\r\n` });
    },
    client: greet,
    expect: "ok",
    result: `250 ${BAD_BYTES}`,
  },
  {
    name: "smtp: reset mid-reply",
    server: async (c) => {
      await c.send("220-partial\r\n220-more");
      await sleep(50);
      await c.reset();
    },
    client: greet,
    expect: "SMTPServerDisconnected",
  },
  { name: "smtp: silent server", server: async () => {}, client: greet, expect: "SMTPServerDisconnected" },
  {
    name: "smtp: slow trickle",
    server: (c) => c.trickle("220 hel"),
    client: greet,
    expect: "SMTPServerDisconnected",
    watchdog: 12,
  },
  {
    name: "smtp: flood of unsolicited lines",
    server: async (c) => {
      await c.send("220 hi\r\n");
      await c.expect("NOOP");
      await c.flood("250-x\r\n");
    },
    client: greet,
    expect: "SMTPResponseException",
  },
  {
    name: "smtp: STARTTLS refused",
    server: async (c) => {
      await c.send("220 hi\r\n");
      await c.answer({ EHLO, STARTTLS: "454 not now\r\n" });
    },
    client: async (port) => {
      const s = await open(port);
      await s.starttls({ context: trusting() });
    },
    expect: "SMTPResponseException",
  },
  ...["same segment", "later segment"].map(
    (when): Case => ({
      name: `smtp: STARTTLS with plaintext injected after the go-ahead (${when}, CVE-2021-22947)`,
      server: async (c) => {
        await c.send("220 hi\r\n");
        await c.answer({ EHLO }, "STARTTLS");
        if (when === "same segment") await c.send("220 go\r\n250 injected\r\n");
        else {
          await c.send("220 go\r\n");
          await sleep(100);
          await c.send("250 injected\r\n");
        }
        await c.tls();
        await c.answer({ EHLO, NOOP: "250 real\r\n" });
      },
      client: async (port) => {
        const s = await open(port);
        await s.starttls({ context: trusting() });
        const [code, msg] = await s.noop();
        return `${code} ${msg.toString()}`;
      },
      expect: when === "same segment" ? "ok" : "SSLError",
      ...(when === "same segment" ? { result: "250 real" } : {}),
    }),
  ),
  {
    name: "smtp: refused argument sends nothing (sendmail to a\\r\\nRCPT TO:<x>)",
    server: async (c) => {
      await c.send("220 hi\r\n");
      await c.answer({ EHLO: "250 fault\r\n" });
    },
    client: async (port) => {
      const s = await open(port);
      await s.ehlo();
      await s.sendmail(
        "a@example.org",
        ["b@example.org\r\nRCPT TO:<x@example.org>"],
        "Subject: x\r\n\r\nx\r\n",
      );
    },
    expect: "ValueError",
    sent: nothingAfter("ehlo client\r\n"),
  },
  {
    name: "smtp: abort during a slowly produced body",
    server: async (c) => {
      await c.send("220 hi\r\n");
      await c.answer({ EHLO: "250 fault\r\n", MAIL: "250 ok\r\n", RCPT: "250 ok\r\n", DATA: "354 go\r\n" });
    },
    client: async (port) => {
      const ac = new AbortController();
      const s = await SMTP.open(HOST, port, { timeout: 30, local_hostname: "client", signal: ac.signal });
      await s.ehlo();
      await s.mail("a@example.org");
      await s.rcpt("b@example.org");
      async function* slow(): AsyncGenerator<string> {
        for (;;) {
          await sleep(100);
          yield "line\r\n";
        }
      }
      setTimeout(() => ac.abort(), 300);
      await s.data(slow());
    },
    expect: "AbortError",
    watchdog: 8,
  },
];
