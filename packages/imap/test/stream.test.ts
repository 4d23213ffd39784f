// Bodies of any size streamed (fetch_iter) without the literal bound, typed FETCH against the
// server's own MIME parsing, and IMAP4_stream over a child process's pipes.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { TimeoutError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import {
  abort,
  attachments,
  decodeTransferEncoding,
  error,
  type FetchBody,
  IMAP4_stream,
} from "../src/index.js";
import { PipeSocket } from "../src/pipe.js";
import { b, caught, demo, since, TAG } from "./helpers.js";

const BIG = 5 * 1024 * 1024;

function bigMessage(): Buffer {
  const line = `${"0123456789".repeat(7)}xx\r\n`;
  return Buffer.from(`Subject: big\r\n\r\n${line.repeat(Math.ceil(BIG / line.length))}`, "latin1");
}

describe("fetch_iter", () => {
  it("streams a body larger than maxLiteralSize in bounded chunks, byte for byte", async () => {
    await using p = await demo({}, { maxLiteralSize: 1024 * 1024 });
    const msg = p.server.store.add("alice", "INBOX", bigMessage());
    await p.client.select();
    const mark = p.server.transcript().length;
    const hash = createHash("sha256");
    let chunks = 0;
    let largest = 0;
    let seen: FetchBody | null = null;
    for await (const body of p.client.fetch_iter("5", "BODY.PEEK[]", { chunkSize: 65536 })) {
      seen = body;
      expect([body.seq, body.uid, body.item, body.size]).toEqual([5, 5, "BODY[]", msg.data.length]);
      for await (const chunk of body) {
        hash.update(chunk);
        chunks++;
        largest = Math.max(largest, chunk.length);
      }
      expect(body.received).toBe(body.size);
    }
    expect(hash.digest("hex")).toBe(createHash("sha256").update(msg.data).digest("hex"));
    expect(largest).toBeLessThanOrEqual(65536);
    expect(chunks).toBeGreaterThanOrEqual(Math.ceil(msg.data.length / 65536));
    expect(seen).not.toBeNull();
    expect(since(p, mark)).toBe(`${TAG}3 FETCH 5 (UID BODY.PEEK[])\r\n`);
    // the same body through fetch() is over the bound: abort, and the connection is closed
    await expect(p.client.fetch("5", "(BODY.PEEK[])")).rejects.toThrow(abort);
    expect(p.client.sock).toBeNull();
  });

  it("several messages, UIDs, other sections; stream() and buffer(); the session goes on after", async () => {
    await using p = await demo();
    await p.client.select();
    const got: Array<[number, number | null, string]> = [];
    for await (const body of p.client.fetch_iter("2:4", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]", { uid: true }))
      got.push([body.seq, body.uid, (await body.buffer()).toString()]);
    expect(got).toEqual([
      [2, 2, "Subject: =?UTF-8?Q?R=C3=A9union?= notes\r\n\r\n"],
      [3, 3, "Subject: Quarterly report\r\n\r\n"],
      [4, 4, "Subject: Lunch?\r\n\r\n"],
    ]);
    for await (const body of p.client.fetch_iter("1", "BODY.PEEK[TEXT]")) {
      const parts: Buffer[] = [];
      for await (const c of body.stream()) parts.push(c as Buffer);
      expect(Buffer.concat(parts).toString()).toBe(
        "Hi Alice,\r\n\r\nwelcome to the inetlib demo mailbox.\r\n",
      );
    }
    expect((await p.client.noop())[0]).toBe("OK");
  });

  it("breaking out drains the rest; a body passed over is drained and finished; other commands wait their turn", async () => {
    await using p = await demo();
    p.server.store.add("alice", "INBOX", bigMessage());
    await p.client.select();
    let first: FetchBody | null = null;
    for await (const body of p.client.fetch_iter("1:*")) {
      if (!first) {
        first = body;
        await expect(p.client.noop()).rejects.toThrow(
          new error("FETCH in progress: finish it before another command"),
        );
        continue;
      }
      expect(body.seq).toBe(2);
      break;
    }
    await expect(first!.buffer()).rejects.toThrow("this body was passed over");
    expect(await p.client.fetch("5", "(RFC822.SIZE)")).toEqual(["OK", [expect.any(Buffer)]]);
    expect(await p.client.noop()).toEqual(["OK", [b("NOOP completed")]]);
  });

  it("untagged responses in between go to untagged_responses; a UID after the body is picked up; NO raises", async () => {
    await using p = await demo({
      respond: (c) =>
        c.name === "FETCH"
          ? `* 9 EXISTS\r\n* 1 FETCH (BODY[] {3}\r\nabc UID 77)\r\n* 2 FETCH (FLAGS (\\Seen))\r\n* 3 FETCH (BODY[] "inline" UID 78)\r\n${c.tag} OK done\r\n`
          : c.name === "UID"
            ? `${c.tag} NO [EXPUNGEISSUED] some are gone\r\n`
            : undefined,
    });
    await p.client.select();
    const got: Array<[number, number | null, string]> = [];
    for await (const body of p.client.fetch_iter("1:3")) {
      const text = (await body.buffer()).toString();
      got.push([body.seq, body.uid, text]);
    }
    expect(got).toEqual([
      [1, 77, "abc"],
      [3, 78, "inline"],
    ]);
    expect(p.client.response("EXISTS")).toEqual(["EXISTS", [b("4"), b("9")]]);
    expect(p.client.response("FETCH")).toEqual(["FETCH", [b("2 (FLAGS (\\Seen))")]]);
    const iter = p.client.fetch_iter("1", "BODY.PEEK[]", { uid: true });
    await expect(iter.next()).rejects.toThrow(new error("[EXPUNGEISSUED] some are gone"));
  });
});

describe("fetch_messages against the server's MIME", () => {
  it("ENVELOPE and BODYSTRUCTURE of the demo messages, and an attachment decoded", async () => {
    await using p = await demo();
    await p.client.select("INBOX", true);
    const [m1, m2, m3] = await p.client.fetch_messages(
      "1:3",
      "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)",
    );
    expect(m1!.envelope).toMatchObject({
      subject: "Welcome",
      from: [{ name: "Bob", mailbox: "bob", host: "inetlib.test" }],
      to: [{ name: "Alice", mailbox: "alice", host: "inetlib.test" }],
      messageId: "<welcome@inetlib.test>",
    });
    expect(m1!.internalDate).toEqual(new Date(Date.UTC(2024, 0, 1, 9, 30)));
    expect(m2!.envelope!.subject).toBe("=?UTF-8?Q?R=C3=A9union?= notes");
    expect(m2!.envelope!.from[0]!.name).toBe("=?UTF-8?Q?Ren=C3=A9e?=");
    expect(m2!.bodyStructure).toMatchObject({
      type: "text",
      subtype: "plain",
      encoding: "8bit",
      params: { charset: "utf-8" },
    });
    const files = attachments(m3!.bodyStructure!);
    expect(files.map((f) => [f.part, f.type, f.subtype, f.disposition?.params.filename])).toEqual([
      ["2", "application", "pdf", "report.pdf"],
    ]);
    const [part] = await p.client.fetch_messages("3", `(BODY.PEEK[${files[0]!.part}])`, { uid: true });
    const { demoAttachment } = await import("@inetlib/testing");
    expect(decodeTransferEncoding(part!.sections["BODY[2]"]!, files[0]!.encoding)).toEqual(demoAttachment);
    await expect(p.client.fetch_messages("1", "(BODY.PEEK[9])")).resolves.toMatchObject([
      { sections: { "BODY[9]": null } },
    ]);
  });
});

/** since5s rejects after 5 s: a bounded wait that did not end. */
const since5s = () =>
  new Promise<Error>((_, reject) =>
    setTimeout(() => reject(new Error("still waiting after 5 s")), 5000).unref(),
  );

describe("IMAP4_stream", () => {
  const script = fileURLToPath(new URL("./fixtures/preauth-imap.mjs", import.meta.url));
  const command = (arg = "") => `"${process.execPath}" "${script}" ${arg}`;

  it("speaks IMAP over a command's stdin and stdout, PREAUTH to LOGOUT, IDLE included", async () => {
    await using M = await IMAP4_stream.open(command(), { timeout: 10, tagpre: TAG });
    expect(M.host).toBeNull();
    expect(M.port).toBeNull();
    expect(M.sock).toBeNull();
    expect(M.state).toBe("AUTH");
    expect(M.welcome).toEqual(b("* PREAUTH [CAPABILITY IMAP4rev1 IDLE] pipe server ready"));
    expect(await M.select()).toEqual(["OK", [b("1")]]);
    expect((await M.fetch("1", "(UID BODY[])"))[1]).toEqual([[b("1 (UID 9 BODY[] {5}"), b("hello")], b(")")]);
    {
      await using idler = await M.idle(5);
      expect(await idler.next()).toEqual({ done: false, value: ["EXISTS", [b("2")]] });
    }
    await expect(M.starttls()).rejects.toThrow(abort);
    expect(await M.logout()).toEqual(["BYE", [b("bye")]]);
    expect(M.process!.exitCode).toBe(0);
  });

  it("a timeout bounds the wait for a silent command; the process is ended with shutdown", async () => {
    const M = new IMAP4_stream(command("silent"), { timeout: 0.1 });
    const err = await caught<Error>(M.connect());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(M.process!.exitCode !== null || M.process!.signalCode !== null).toBe(true);
  });

  it("a timeout bounds each whole line: a greeting trickled a byte every 20 ms times out", async () => {
    const M = new IMAP4_stream(command("trickle"), { timeout: 0.3 });
    const started = performance.now();
    const err = await Promise.race([caught<Error>(M.connect()), since5s()]);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(M.process!.exitCode !== null || M.process!.signalCode !== null).toBe(true);
  });

  it("a line without end raises error at maxline, holding no more than about the limit", async () => {
    const M = new IMAP4_stream(command("flood"), { timeout: 10, maxline: 100_000 });
    const err = await Promise.race([caught<Error>(M.connect()), since5s()]);
    expect(err).toBeInstanceOf(error);
    expect(err.message).toBe("got more than 100000 bytes");
  });

  it("its pipe answers synchronously from what the process already wrote (_recvBuffered)", async () => {
    const child = spawn(process.execPath, ["-e", 'process.stdout.write("* OK a\\r\\n* OK b\\r\\n")']);
    const pipe = new PipeSocket(child, 5);
    expect((await pipe.recv(8)).toString()).toBe("* OK a\r\n");
    expect(pipe._recvBuffered(100).toString()).toBe("* OK b\r\n");
    expect(pipe._recvBuffered(100).length).toBe(0);
    expect((await pipe.recv(100)).length).toBe(0);
    pipe.close();
  });

  it("a command that does not exist ends with abort (EOF)", async () => {
    await expect(IMAP4_stream.open("exec /nonexistent/imapd 2>/dev/null", { timeout: 10 })).rejects.toThrow(
      new abort("socket error: EOF"),
    );
  });
});
