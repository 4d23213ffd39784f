// The POP3 examples, in-process with their output checked, and as programs run with tsx.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { downloadAll } from "./download-all.js";
import { type Log, parseTarget, withMailbox } from "./mailbox.js";
import { parseMail } from "./parse-mail.js";
import { readMail } from "./read-mail.js";
import { secureLogin } from "./secure-login.js";
import { streamBig } from "./stream-big.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (...args) => lines.push(...args.map(String).join(" ").split("\n")) };
}

describe("pop3 examples", () => {
  it("read-mail: poplib's own example prints every message", async () => {
    const { log, lines } = capture();
    expect(await withMailbox(readMail, log)).toBe(4);
    expect(lines[0]).toMatch(/^\+OK inetlib POP3 server ready <[^>]+>$/);
    expect(lines[1]).toMatch(/^4 messages, \d+ octets$/);
    expect(lines[2]).toBe("Message 1:");
    expect(lines).toContain("   Subject: Dots");
    // dot-stuffed lines come back as written
    const dots = lines.indexOf("   Lines that start with a dot travel dot-stuffed:");
    expect(lines.slice(dots + 1, dots + 5)).toEqual(["   .", "   ..", "   .hidden", "   ...three dots"]);
    expect(lines.filter((l) => l === "-----------------------")).toHaveLength(4);
  });

  it("parse-mail: each RETR read with message_from_bytes, the encoded subject decoded", async () => {
    const { log, lines } = capture();
    expect(await withMailbox(parseMail, log)).toEqual(["Welcome", "Dots", "Grüße aus Köln", "Re: Welcome"]);
    expect(lines.slice(6, 9)).toEqual([
      "From: Dieter <dieter@example.org>",
      "Subject: Grüße aus Köln",
      "  Viele Grüße aus Köln!",
    ]);
  });

  it("secure-login: STLS, CAPA, SASL PLAIN, UIDL", async () => {
    const { log, lines } = capture();
    const ids = await withMailbox(secureLogin, log);
    expect(ids).toHaveLength(4);
    expect(lines[0]).toBe("STLS: +OK Begin TLS negotiation now.");
    expect(lines[1]).toMatch(/^capabilities: TOP UIDL USER SASL .*PIPELINING/);
    expect(lines[1]).not.toContain("STLS");
    expect(lines[2]).toBe("logged in: +OK Logged in.");
    expect(lines[3]).toMatch(/^ {2}1 \S+$/);
  });

  it("secure-login over POP3S", async () => {
    const { log, lines } = capture();
    expect(await withMailbox(secureLogin, log, undefined, { ssl: true })).toHaveLength(4);
    expect(lines[0]).toMatch(/^capabilities: /);
  });

  it("download-all: 1,000 messages pipelined into .eml files", async () => {
    const { log, lines } = capture();
    const result = await withMailbox(downloadAll(), log, undefined, { user: "bulk" });
    try {
      expect(result.count).toBe(1000);
      expect(lines).toContain("1000 messages, pipelined");
      const files = await readdir(result.directory);
      expect(files).toHaveLength(1000);
      const last = await readFile(join(result.directory, "001000.eml"), "latin1");
      expect(last).toContain("Subject: Bulk message 1000\r\n");
      expect(last.endsWith("This is bulk message number 1000.\r\n\r\n")).toBe(true);
    } finally {
      await rm(result.directory, { recursive: true });
    }
  });

  it("stream-big: a message streamed to a file, byte for byte", async () => {
    const { log, lines } = capture();
    const result = await withMailbox(streamBig(1), log, undefined, { user: "big", bigMessageBytes: 4 << 20 });
    try {
      const data = await readFile(result.file);
      expect(data.length).toBe(result.bytes);
      expect(result.bytes).toBeGreaterThanOrEqual(4 << 20);
      expect(createHash("sha256").update(data).digest("hex")).toBe(result.sha256);
      expect(data.subarray(0, 28).toString()).toBe("From: Big <big@example.org>\r");
      expect(lines.at(-1)).toBe(`sha256 ${result.sha256}`);
    } finally {
      await rm(dirname(result.file), { recursive: true });
    }
  });

  it("parses pop3:// and pop3s:// targets", () => {
    expect(parseTarget("pop3://al%40ice:s%3Acret@[::1]:2110")).toMatchObject({
      host: "::1",
      port: 2110,
      user: "al@ice",
      password: "s:cret",
      ssl: false,
    });
    expect(parseTarget("pop3s://u:p@mail.example.org")).toMatchObject({ port: 995, ssl: true });
    expect(() => parseTarget("imap://u:p@h")).toThrow(TypeError);
  });

  it("runs as a program with one command", async () => {
    const { stdout } = await exec(tsx, [join(import.meta.dirname, "secure-login.ts")], { timeout: 30_000 });
    const out = stdout.split("\n");
    expect(out[0]).toBe("STLS: +OK Begin TLS negotiation now.");
    expect(out[2]).toBe("logged in: +OK Logged in.");
    expect(out.filter((l) => /^ {2}\d \S+$/.test(l))).toHaveLength(4);
  });
});
