// LMTP (RFC 2033): LHLO, Unix sockets, and one reply per recipient after the message.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ValueError } from "@inetlib/socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LMTP, LMTP_PORT, SMTPDataError } from "../src/index.js";
import { serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s);
const opts = { local_hostname: "localhost", timeout: 10 };
const received = (server: { lastConnection(): { received: Buffer } }) =>
  server.lastConnection().received.toString();
const full = (rcpt: string) => (rcpt.startsWith("full") ? "452 4.2.2 Mailbox full" : undefined);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "inetlib-lmtp-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ["one by one", false],
  ["pipelined", true],
])("LMTP, %s", (_name, pipelining) => {
  it("says LHLO and reports each recipient's reply to the message", async () => {
    const server = await serve({ lmtp: true, deliver: full });
    const l = await LMTP.open("127.0.0.1", server.port, { ...opts, pipelining });
    expect(l.ehlo_msg).toBe("lhlo");
    const refused = await l.sendmail("a@x", ["alice@x", "full@x", "nobody@x", "bob@x"], "m");
    expect(refused).toEqual({ "full@x": [452, b("4.2.2 Mailbox full")] });
    expect(l.data_replies).toEqual([
      ["alice@x", 250, b("2.0.0 <alice@x> Ok: delivered")],
      ["full@x", 452, b("4.2.2 Mailbox full")],
      ["nobody@x", 250, b("2.0.0 <nobody@x> Ok: delivered")],
      ["bob@x", 250, b("2.0.0 <bob@x> Ok: delivered")],
    ]);
    expect(server.messages[0]!.delivered).toEqual(["alice@x", "nobody@x", "bob@x"]);
    expect(await l.noop()).toEqual([250, b("2.0.0 Ok")]);
    await l.quit();
    expect(received(server)).toBe(
      "lhlo localhost\r\nmail FROM:<a@x> size=1\r\nrcpt TO:<alice@x>\r\nrcpt TO:<full@x>\r\nrcpt TO:<nobody@x>\r\nrcpt TO:<bob@x>\r\ndata\r\nm\r\n.\r\nnoop\r\nquit\r\n",
    );
  });

  it("counts only the recipients RCPT accepted", async () => {
    const server = await serve({ lmtp: true, refuse: { "gone@x": "550 5.1.1 User unknown" }, deliver: full });
    await using l = await LMTP.open("127.0.0.1", server.port, { ...opts, pipelining });
    const refused = await l.sendmail("a@x", ["gone@x", "full@x", "ok@x"], "m");
    expect(refused).toEqual({
      "gone@x": [550, b("5.1.1 User unknown")],
      "full@x": [452, b("4.2.2 Mailbox full")],
    });
    expect(l.data_replies.map(([r, c]) => [r, c])).toEqual([
      ["full@x", 452],
      ["ok@x", 250],
    ]);
  });

  it("raises SMTPDataError with every recipient's reply when none took the message", async () => {
    const server = await serve({ lmtp: true, deliver: full });
    const l = await LMTP.open("127.0.0.1", server.port, { ...opts, pipelining });
    const err = await l.sendmail("a@x", ["full1@x", "full2@x"], "m").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPDataError);
    expect(err).toMatchObject({ smtp_code: 452, smtp_error: b("4.2.2 Mailbox full") });
    expect((err as SMTPDataError).recipients).toEqual({
      "full1@x": [452, b("4.2.2 Mailbox full")],
      "full2@x": [452, b("4.2.2 Mailbox full")],
    });
    await l.quit();
    expect(received(server)).toMatch(/\r\n\.\r\nrset\r\nquit\r\n$/);
  });
});

describe("LMTP", () => {
  it("reads every reply after data(), so the next command gets its own (Python 3.11 does not)", async () => {
    const server = await serve({ lmtp: true, deliver: full });
    await using l = await LMTP.open("127.0.0.1", server.port, opts);
    await l.ehlo();
    await l.mail("a@x");
    await l.rcpt("full@x");
    await l.rcpt("ok@x");
    expect(await l.data("m")).toEqual([250, b("2.0.0 <ok@x> Ok: delivered")]);
    expect(l._data_refused()).toEqual({ "full@x": [452, b("4.2.2 Mailbox full")] });
    expect(await l.noop()).toEqual([250, b("2.0.0 Ok")]);
  });

  it("connects to a Unix socket path, where credentials may go without TLS", async () => {
    const sockPath = path.join(dir, "lmtp.sock");
    const server = await serve({ lmtp: true, path: sockPath, users: { alice: "pw" }, mechanisms: ["PLAIN"] });
    expect(server.address).toBe(sockPath);
    const l = await LMTP.open(sockPath, 0, { ...opts, allowPlaintextAuth: undefined });
    expect(await l.login("alice", "pw")).toEqual([235, b("2.7.0 Authentication successful")]);
    expect(await l.sendmail("a@x", "alice", "hello")).toEqual({});
    await l.quit();
    expect(server.messages[0]).toMatchObject({ rcpt_tos: ["alice"], lmtp: true, auth_user: "alice" });
  });

  it("refuses timeout=0 for a Unix socket, and reports a missing one as Python", async () => {
    await expect(LMTP.open("/nonexistent/lmtp", 0, { timeout: 0 })).rejects.toThrow(
      new ValueError("Non-blocking socket (timeout=0) is not supported"),
    );
    const err = await LMTP.open(path.join(dir, "missing.sock"), 0, opts).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "FileNotFoundError" });
  });

  it("keeps Python's ports: 2003 for open(), default_port 25 for connect()", () => {
    expect(LMTP_PORT).toBe(2003);
    expect(new LMTP().default_port).toBe(25);
  });
});
