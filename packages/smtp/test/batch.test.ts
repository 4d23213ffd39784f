// sendmail_many: a loop over sendmail()'s results, one round trip per message when pipelined.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import {
  SMTP,
  SMTPDataError,
  SMTPException,
  SMTPRecipientsRefused,
  SMTPSenderRefused,
} from "../src/index.js";
import { serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

describe.each([
  ["pipelined", true],
  ["one by one", false],
])("sendmail_many, %s", (_name, pipelining) => {
  const opts = { local_hostname: "localhost", timeout: 10, pipelining };

  it("sends every message and returns each one's refused dict", async () => {
    const server = await serve({ refuse: { "no@x": "550 5.1.1 No such user" } });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const results = await s.sendmail_many([
      { from_addr: "a@x", to_addrs: ["b@x"], msg: "one\n.dot" },
      { from_addr: "a@x", to_addrs: ["b@x", "no@x"], msg: b("two\r\n") },
      { from_addr: "a@x", to_addrs: "c@x", msg: "" },
    ]);
    expect(results[0]).toEqual({});
    expect(results[1]).toEqual({ "no@x": [550, b("5.1.1 No such user")] });
    expect(results[2]).toEqual({});
    expect(server.messages.map((m) => [m.rcpt_tos, m.data.toString("latin1")])).toEqual([
      [["b@x"], "one\r\n.dot\r\n"],
      [["b@x"], "two\r\n"],
      [["c@x"], "\r\n"], // smtplib's empty message
    ]);
  });

  it("gives a failed message its exception and goes on with the next (RSET between)", async () => {
    const server = await serve({ refuse: { "no@x": "550 5.1.1 No such user" } });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const results = await s.sendmail_many([
      { from_addr: "a@x", to_addrs: ["no@x"], msg: "refused" },
      { from_addr: "a@x", to_addrs: ["b@x"], msg: "after" },
    ]);
    expect(results[0]).toBeInstanceOf(SMTPRecipientsRefused);
    expect((results[0] as SMTPRecipientsRefused).recipients).toEqual({
      "no@x": [550, b("5.1.1 No such user")],
    });
    expect(results[1]).toEqual({});
    expect(server.messages.map((m) => m.data.toString())).toEqual(["after\r\n"]);
    expect(server.lastConnection().received.toString()).toMatch(/rset\r\nmail FROM:<a@x>/i);
  });

  it("maps a refused sender to sendmail()'s exception", async () => {
    const server = await serve({
      respond: (cmd, args) => (cmd === "MAIL" && args.includes("<bad@x>") ? "553 5.1.8 no\r\n" : undefined),
    });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const results = await s.sendmail_many([
      { from_addr: "bad@x", to_addrs: ["b@x"], msg: "x" },
      { from_addr: "a@x", to_addrs: ["b@x"], msg: "ok" },
    ]);
    expect(results[0]).toBeInstanceOf(SMTPSenderRefused);
    expect((results[0] as SMTPSenderRefused).smtp_code).toBe(553);
    expect(results[1]).toEqual({});
    expect(results[1]).not.toBeInstanceOf(SMTPDataError);
    expect(server.messages.map((m) => m.mail_from)).toEqual(["a@x"]);
  });

  it("checks every command before sending anything", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo();
    const before = server.lastConnection().received.length;
    await expect(
      s.sendmail_many([
        { from_addr: "a@x", to_addrs: ["b@x"], msg: "x" },
        { from_addr: "a@x", to_addrs: ["b@x\r\nRCPT TO:<evil@x>"], msg: "x" },
      ]),
    ).rejects.toThrow(ValueError);
    expect(server.lastConnection().received.length).toBe(before);
    expect(server.messages).toEqual([]);
  });
});

it("pipelined, a batch takes one write per message, plus one for the last body", async () => {
  const server = await serve({ pipelining: true });
  await using s = await SMTP.open("127.0.0.1", server.port, { local_hostname: "localhost", timeout: 10 });
  await s.ehlo();
  let writes = 0;
  const send = s.send.bind(s);
  s.send = (data) => {
    writes++;
    return send(data);
  };
  const results = await s.sendmail_many(
    Array.from({ length: 5 }, (_, i) => ({ from_addr: "a@x", to_addrs: ["b@x"], msg: `m${i}` })),
  );
  expect(results).toEqual([{}, {}, {}, {}, {}]);
  expect(writes).toBe(6);
  expect(server.messages.map((m) => m.data.toString())).toEqual([
    "m0\r\n",
    "m1\r\n",
    "m2\r\n",
    "m3\r\n",
    "m4\r\n",
  ]);
  expect(results.some((r) => r instanceof SMTPException)).toBe(false);
});
