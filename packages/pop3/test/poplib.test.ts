// CPython 3.11's test_poplib.py TestPOP3Class, against the same dummy handler, each with the
// golden transcript of the bytes the client sent.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { _MAXLINE, error_proto, POP3 } from "../src/index.js";
import { DUMMY_GREETING, dummy, dummyServer, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("POP3 against CPython's DummyPOP3Handler", () => {
  it("getwelcome", async () => {
    await using p = await dummyServer();
    expect(p.client.getwelcome()).toEqual(b(DUMMY_GREETING));
    expect(p.client.welcome).toEqual(b(DUMMY_GREETING));
    expect(p.server.transcript()).toBe("");
  });

  it("exceptions: a reply not starting with + is error_proto(reply)", async () => {
    await using p = await dummyServer();
    const err = await rejection(p.client._shortcmd("echo -err"));
    expect(err).toBeInstanceOf(error_proto);
    expect((err as error_proto).args).toEqual([b("-err")]);
    expect((err as error_proto).message).toBe("-err");
    expect(p.server.transcript()).toBe("echo -err\r\n");
  });

  it("user", async () => {
    await using p = await dummyServer();
    expect(await p.client.user("guido")).toEqual(b("+OK password required"));
    const err = await rejection(p.client.user("invalid"));
    expect((err as error_proto).resp).toEqual(b("-ERR no such user"));
    expect(p.server.transcript()).toBe("USER guido\r\nUSER invalid\r\n");
  });

  it("pass_", async () => {
    await using p = await dummyServer();
    expect(await p.client.pass_("python")).toEqual(b("+OK 10 messages"));
    await expect(p.client.pass_("wrong")).rejects.toThrow(error_proto);
    expect(p.server.transcript()).toBe("PASS python\r\nPASS wrong\r\n");
  });

  it("stat", async () => {
    await using p = await dummyServer();
    expect(await p.client.stat()).toEqual([10, 100]);
    expect(p.server.transcript()).toBe("STAT\r\n");
  });

  it("list", async () => {
    await using p = await dummyServer();
    expect(await p.client.list()).toEqual([b("+OK"), ["1 1", "2 2", "3 3", "4 4", "5 5"].map(b), 25]);
    expect(await p.client.list("1")).toEqual(b("+OK 1 1"));
    expect(await p.client.list(2)).toEqual(b("+OK 2 2"));
    expect(await p.client.list(null)).toEqual([b("+OK"), ["1 1", "2 2", "3 3", "4 4", "5 5"].map(b), 25]);
    expect(p.server.transcript()).toBe("LIST\r\nLIST 1\r\nLIST 2\r\nLIST\r\n");
  });

  it("retr", async () => {
    await using p = await dummyServer();
    const expected = [
      b("+OK 116 bytes"),
      [
        "From: postmaster@python.org",
        "Content-Type: text/plain",
        "MIME-Version: 1.0",
        "Subject: Dummy",
        "",
        "line1",
        "line2",
        "line3",
      ].map(b),
      113,
    ];
    expect(await p.client.retr("foo")).toEqual(expected);
    expect(await p.client.retr(1)).toEqual(expected);
    expect(p.server.transcript()).toBe("RETR foo\r\nRETR 1\r\n");
  });

  it("too long lines", async () => {
    await using p = await dummyServer();
    const err = await rejection(p.client._shortcmd(`echo +${"a".repeat(_MAXLINE + 10)}`));
    expect(err).toBeInstanceOf(error_proto);
    expect((err as error_proto).args).toEqual(["line too long"]);
  });

  it("dele, noop, rpop", async () => {
    await using p = await dummyServer();
    expect(await p.client.dele("foo")).toEqual(b("+OK message marked for deletion."));
    expect(await p.client.noop()).toEqual(b("+OK done nothing."));
    expect(await p.client.rpop("foo")).toEqual(b("+OK done nothing."));
    expect(p.server.transcript()).toBe("DELE foo\r\nNOOP\r\nRPOP foo\r\n");
  });

  it("apop sends the digest of the greeting's timestamp", async () => {
    await using p = await dummyServer();
    expect(await p.client.apop("foo", "dummypassword")).toEqual(b("+OK done nothing."));
    // hashlib.md5(b'<timestamp>dummypassword').hexdigest()
    expect(p.server.transcript()).toBe("APOP foo 6ad091c223cbbcdcb60819b7c8cfeae8\r\n");
  });

  it("apop refuses a greeting without timestamp, and CPython's REDOS greeting, before sending", async () => {
    await using p = await pair({ greeting: "+OK no stamp here", respond: dummy() });
    const err = await rejection(p.client.apop("a", "kb"));
    expect((err as error_proto).args).toEqual(["-ERR APOP not supported by server"]);
    p.client.welcome = Buffer.concat([b("+OK"), Buffer.alloc(1_000_000, "<")]);
    await expect(p.client.apop("a", "kb")).rejects.toThrow(error_proto);
    expect(p.server.transcript()).toBe("");
  });

  it("top", async () => {
    await using p = await dummyServer();
    const [resp, lines, octets] = await p.client.top(1, 1);
    expect(resp).toEqual(b("+OK 116 bytes"));
    expect(lines).toHaveLength(8);
    expect(octets).toBe(113);
    expect(p.server.transcript()).toBe("TOP 1 1\r\n");
  });

  it("uidl", async () => {
    await using p = await dummyServer();
    expect(await p.client.uidl()).toEqual([b("+OK"), ["1 1", "2 2", "3 3", "4 4", "5 5"].map(b), 25]);
    expect(await p.client.uidl("foo")).toEqual(b("+OK foo foo"));
    expect(p.server.transcript()).toBe("UIDL\r\nUIDL foo\r\n");
  });

  it("utf8: refused, then accepted", async () => {
    {
      await using p = await dummyServer();
      const err = await rejection(p.client.utf8());
      expect((err as error_proto).resp).toEqual(b("-ERR What is UTF8?!"));
    }
    await using p = await pair({ greeting: DUMMY_GREETING, respond: dummy({ utf8: true }) });
    expect(await p.client.utf8()).toEqual(b("+OK I know RFC6856"));
    expect(p.server.transcript()).toBe("UTF8\r\n");
  });

  it("capa", async () => {
    await using p = await dummyServer();
    const caps = await p.client.capa();
    expect(caps).toEqual({ UIDL: [], IMPLEMENTATION: ["python-testlib-pop-server"], STLS: [] });
    expect("IMPLEMENTATION" in caps).toBe(true);
    // capa() asks every time, as Python's does
    await p.client.capa();
    expect(p.server.transcript()).toBe("CAPA\r\nCAPA\r\n");
  });

  it("capa not supported", async () => {
    await using p = await pair({ respond: (c) => (c === "CAPA" ? "-ERR unknown command\r\n" : undefined) });
    const err = await rejection(p.client.capa());
    expect((err as error_proto).args).toEqual(["-ERR CAPA not supported by server"]);
  });

  it("quit closes; sock and file become null", async () => {
    await using p = await dummyServer();
    expect(await p.client.quit()).toEqual(b("+OK closing."));
    expect(p.client.sock).toBeNull();
    expect(p.client.file).toBeNull();
    expect(p.server.transcript()).toBe("QUIT\r\n");
    await expect(p.client.noop()).rejects.toThrow("Transport endpoint is not connected");
  });

  it("timeout: default, a value, null, and 0 refused (TestTimeouts)", async () => {
    await using p = await dummyServer();
    expect(p.client.sock!.gettimeout()).toBe(10);
    const none = await POP3.open("127.0.0.1", p.server.port, { timeout: null });
    expect(none.sock!.gettimeout()).toBeNull();
    await none.close();
    await expect(POP3.open("127.0.0.1", p.server.port, { timeout: 0 })).rejects.toThrow(ValueError);
    await expect(POP3.open("127.0.0.1", p.server.port, { timeout: 0 })).rejects.toThrow(
      "Non-blocking socket (timeout=0) is not supported",
    );
  });

  it("works over IPv6", async () => {
    await using p = await pair({ host: "::1", greeting: DUMMY_GREETING, respond: dummy() });
    expect(await p.client.stat()).toEqual([10, 100]);
    expect(p.client.sock!.getpeername()[0]).toBe("::1");
  });

  it("class attributes as Python's", () => {
    expect(POP3.encoding).toBe("UTF-8");
    expect(new POP3().encoding).toBe("UTF-8");
    expect(POP3.timestamp).toBeInstanceOf(RegExp);
    expect(_MAXLINE).toBe(2048);
  });
});
