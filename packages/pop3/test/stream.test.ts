// retr_iter: a message read line by line, or as a byte stream, without the reply bounds.
import { createHash } from "node:crypto";
import { Maildrop } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { caught, mailbox, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

async function alice(options: Parameters<typeof pair>[1] = {}, drop = mailbox()) {
  const p = await pair({ maildrop: drop }, options);
  await p.client.user("alice");
  await p.client.pass_("alice-pass");
  return p;
}

describe("retr_iter", () => {
  it("gives retr()'s lines and octets", async () => {
    await using p = await alice();
    const whole = await p.client.retr(2);
    const msg = await p.client.retr_iter(2);
    expect(msg.response).toEqual(whole[0]);
    const lines: Buffer[] = [];
    for await (const line of msg) lines.push(line);
    expect(lines).toEqual(whole[1]);
    expect(msg.octets).toBe(whole[2]);
    expect(msg.done).toBe(true);
    expect(p.server.transcript()).toBe("USER alice\r\nPASS alice-pass\r\nRETR 2\r\nRETR 2\r\n");
  });

  it("stream() gives the message's bytes, unstuffed, lines with their CRLF", async () => {
    await using p = await alice();
    const msg = await p.client.retr_iter(2);
    const chunks: Buffer[] = [];
    for await (const chunk of msg.stream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(
      "Subject: two\r\n\r\n.dotted\r\n..two dots\r\n.\r\nend\r\n",
    );
    expect(await p.client.noop()).toEqual(b("+OK"));
  });

  it("breaking out of the loop reads the rest, and the connection goes on", async () => {
    await using p = await alice();
    const msg = await p.client.retr_iter(3);
    for await (const line of msg) {
      expect(line).toEqual(b("Subject: three"));
      break;
    }
    expect(msg.done).toBe(true);
    expect(await p.client.uidl(3)).toEqual(b("+OK 3 uid-3"));
  });

  it("other calls wait until the message has been read", async () => {
    await using p = await alice();
    const msg = await p.client.retr_iter(1);
    const noop = p.client.noop();
    const lines: string[] = [];
    for await (const line of msg) lines.push(line.toString());
    expect(await noop).toEqual(b("+OK"));
    expect(lines).toEqual(["From: a@inetlib.test", "Subject: one", "", "first"]);
  });

  it("-ERR throws and frees the connection", async () => {
    await using p = await alice();
    const err = await caught(p.client.retr_iter(9));
    expect(err.resp).toEqual(b("-ERR There's no message 9."));
    expect(await p.client.noop()).toEqual(b("+OK"));
  });

  it("top_iter", async () => {
    await using p = await alice();
    const msg = await p.client.top_iter(3, 1);
    const lines: string[] = [];
    for await (const line of msg) lines.push(line.toString());
    expect(lines).toEqual(["Subject: three", "", "l1"]);
  });

  it("streams a message far over maxResponseBytes, which retr() refuses", async () => {
    const drop = new Maildrop({ alice: "alice-pass" });
    const line = `${"x".repeat(70)}\r\n`;
    const body = `Subject: big\r\n\r\n${line.repeat(60_000)}`; // about 4.3 MB
    drop.add("alice", body);
    await using p = await alice({ maxResponseBytes: 1 << 20 }, drop);
    const msg = await p.client.retr_iter(1);
    const hash = createHash("sha256");
    let n = 0;
    for await (const chunk of msg.stream()) {
      hash.update(chunk as Buffer);
      n += (chunk as Buffer).length;
    }
    expect(n).toBe(Buffer.byteLength(body));
    expect(hash.digest("hex")).toBe(createHash("sha256").update(body).digest("hex"));
    expect(msg.octets).toBe(Buffer.byteLength(body));
    await expect(p.client.retr(1)).rejects.toThrow("-ERR response too large: more than 1048576 bytes");
  });
});
