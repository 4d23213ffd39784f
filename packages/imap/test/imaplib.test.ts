// CPython's test_imaplib.py, test by test, against SimpleIMAPHandler's script (helpers.simple)
// on the in-process server, plain and over implicit TLS.
import { createHmac } from "node:crypto";
import {
  ConnectionRefusedError,
  create_default_context,
  OSError,
  SSLCertVerificationError,
  TimeoutError,
  ValueError,
} from "@inetlib/socket";
import { IMAPServer, type IMAPServerOptions, imapTestCA } from "@inetlib/testing";
import { describe, expect, it, vi } from "vitest";
import { abort, error, IMAP4, IMAP4_SSL, type IMAP4Options } from "../src/index.js";
import { b, caught, continuation, rawServer, simple, TAG } from "./helpers.js";

const trusting = () => create_default_context({ cafile: imapTestCA });

for (const ssl of [false, true]) {
  const open = (port: number, options: IMAP4Options = {}) =>
    ssl
      ? IMAP4_SSL.open("127.0.0.1", port, { ssl_context: trusting(), timeout: 10, tagpre: TAG, ...options })
      : IMAP4.open("127.0.0.1", port, { timeout: 10, tagpre: TAG, ...options });
  const server = (options: IMAPServerOptions) => IMAPServer.open({ ...options, tls: true, implicitTLS: ssl });
  const setup = async (script: ReturnType<typeof simple>) => {
    const s = await server(script.options);
    const client = await open(s.port);
    return {
      server: s,
      client,
      async [Symbol.asyncDispose]() {
        await client._close_transport();
        await s.close();
      },
    };
  };

  describe(ssl ? "NewIMAPSSLTests" : "NewIMAPTests", () => {
    it("test_line_termination", async () => {
      await using s = await server(
        simple("", { CAPABILITY: (tag) => `* CAPABILITY IMAP4rev1 AUTH\n${tag} OK CAPABILITY completed\r\n` })
          .options,
      );
      const err = await caught(open(s.port));
      expect(err).toBeInstanceOf(abort);
      expect(err.message).toMatch(/^command: CAPABILITY => socket error: unterminated line/);
    });

    it("test_enable_raises_error_if_not_AUTH", async () => {
      await using p = await setup(simple("AUTH ENABLE UTF8=ACCEPT"));
      expect(p.client.utf8_enabled).toBe(false);
      const err = await caught(p.client.enable("foo"));
      expect(err).toBeInstanceOf(error);
      expect(err.message).toMatch(/ENABLE.*NONAUTH/);
      expect(p.client.utf8_enabled).toBe(false);
    });

    it("test_enable_raises_error_if_no_capability", async () => {
      await using p = await setup(simple());
      await expect(p.client.enable("foo")).rejects.toThrow(/does not support ENABLE/);
    });

    it("test_enable_UTF8_raises_error_if_not_supported", async () => {
      await using p = await setup(simple());
      const [typ] = await p.client.login("user", "pass");
      expect(typ).toBe("OK");
      await expect(p.client.enable("UTF8=ACCEPT")).rejects.toThrow(/does not support ENABLE/);
    });

    it("test_enable_UTF8_True_append (as RFC 6855 frames it: UTF8 (~{n}...))", async () => {
      let auth: Buffer | null = null;
      let appended: Buffer | null = null;
      const script = simple("ENABLE UTF8=ACCEPT", {
        // Python's test sends no "* ENABLED"; inetlib turns UTF-8 on only when it comes (dovecot 2.3).
        ENABLE: (tag) => `* ENABLED UTF8=ACCEPT\r\n${tag} OK ENABLE successful\r\n`,
        AUTHENTICATE: (tag) =>
          continuation("+", (line) => {
            auth = line;
            return `${tag} OK FAKEAUTH successful\r\n`;
          }),
        APPEND: (tag) => `${tag} OK okay\r\n`,
      });
      const respond = script.options.respond!;
      script.options.respond = (cmd, session) => {
        if (cmd.name === "APPEND") appended = cmd.raw;
        return respond(cmd, session);
      };
      await using p = await setup(script);
      expect(p.client._encoding).toBe("ascii");
      const [code] = await p.client.authenticate("MYAUTH", () => b("fake"));
      expect(code).toBe("OK");
      expect(auth).toEqual(b("ZmFrZQ=="));
      expect((await p.client.enable("UTF8=ACCEPT"))[0]).toBe("OK");
      expect(p.client._encoding).toBe("utf-8");
      const msg = Buffer.from("Subject: üñí©öðé", "utf8");
      const [typ] = await p.client.append(null, null, null, msg);
      expect(typ).toBe("OK");
      expect(appended).toEqual(
        Buffer.concat([b(`${TAG}3 APPEND INBOX UTF8 (~{${msg.length}}\r\n`), msg, b(")\r\n")]),
      );
    });

    it("test_search_disallows_charset_in_utf8_mode", async () => {
      await using p = await setup(
        simple("AUTH ENABLE UTF8=ACCEPT", {
          // Python's test sends no "* ENABLED"; inetlib turns UTF-8 on only when it comes (dovecot 2.3).
          ENABLE: (tag) => `* ENABLED UTF8=ACCEPT\r\n${tag} OK ENABLE successful\r\n`,
          AUTHENTICATE: (tag) => continuation("+", () => `${tag} OK FAKEAUTH successful\r\n`),
        }),
      );
      expect((await p.client.authenticate("MYAUTH", () => b("fake")))[0]).toBe("OK");
      expect((await p.client.enable("UTF8=ACCEPT"))[0]).toBe("OK");
      expect(p.client.utf8_enabled).toBe(true);
      await p.client.select();
      await expect(p.client.search("foo", "bar")).rejects.toThrow(/charset.*UTF8/);
    });

    it("search checks the charset before the state, in imaplib's order", async () => {
      await using p = await setup(
        simple("AUTH ENABLE UTF8=ACCEPT", {
          ENABLE: (tag) => `* ENABLED UTF8=ACCEPT\r\n${tag} OK ENABLE successful\r\n`,
          AUTHENTICATE: (tag) => continuation("+", () => `${tag} OK FAKEAUTH successful\r\n`),
        }),
      );
      await p.client.authenticate("MYAUTH", () => b("fake"));
      await p.client.enable("UTF8=ACCEPT");
      // Still AUTH (no mailbox selected): the charset error comes first, as Python raises it.
      await expect(p.client.search("foo", "bar")).rejects.toThrow("Non-None charset not valid in UTF8 mode");
      await expect(p.client.search(null, "bar")).rejects.toThrow(/illegal in state AUTH/);
    });

    it("test_bad_auth_name", async () => {
      await using p = await setup(
        simple("", {
          AUTHENTICATE: (tag, args) => `${tag} NO unrecognized authentication type ${args[0]}\r\n`,
        }),
      );
      await expect(p.client.authenticate("METHOD", () => b("1"))).rejects.toThrow(
        new error("unrecognized authentication type METHOD"),
      );
    });

    it("test_invalid_authentication", async () => {
      await using p = await setup(
        simple("", {
          AUTHENTICATE: (tag) => continuation("+", () => `${tag} NO [AUTHENTICATIONFAILED] invalid\r\n`),
        }),
      );
      await expect(p.client.authenticate("MYAUTH", () => b("fake"))).rejects.toThrow(
        /\[AUTHENTICATIONFAILED\] invalid/,
      );
      expect(p.client.state).toBe("NONAUTH");
    });

    it("test_valid_authentication_bytes and _plain_text", async () => {
      for (const answer of [b("fake"), "fake"]) {
        let got: Buffer | null = null;
        await using p = await setup(
          simple("", {
            AUTHENTICATE: (tag) =>
              continuation("+", (line) => {
                got = line;
                return `${tag} OK FAKEAUTH successful\r\n`;
              }),
          }),
        );
        const [code] = await p.client.authenticate("MYAUTH", () => answer);
        expect(code).toBe("OK");
        expect(got).toEqual(b("ZmFrZQ=="));
        expect(p.client.state).toBe("AUTH");
      }
    });

    it("test_login_cram_md5_bytes and _plain_text", async () => {
      const script = () =>
        simple("LOGINDISABLED AUTH=CRAM-MD5", {
          AUTHENTICATE: (tag) =>
            continuation("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ=", (r) =>
              r.equals(b("dGltIGYxY2E2YmU0NjRiOWVmYTFjY2E2ZmZkNmNmMmQ5ZjMy"))
                ? `${tag} OK CRAM-MD5 successful\r\n`
                : `${tag} NO No access\r\n`,
            ),
        });
      for (const password of [b("tanstaaftanstaaf"), "tanstaaftanstaaf"]) {
        await using p = await setup(script());
        expect(p.client.capabilities).toContain("AUTH=CRAM-MD5");
        const [ret] = await p.client.login_cram_md5("tim", password);
        expect(ret).toBe("OK");
      }
      // RFC 2195's own example, for the record
      expect(
        createHmac("md5", "tanstaaftanstaaf")
          .update("<1896.697170952@postoffice.reston.mci.net>")
          .digest("hex"),
      ).toBe("b913a602c7eda7a495b4e6e7334d3890");
    });

    it("test_aborted_authentication", async () => {
      await using p = await setup(
        simple("", {
          AUTHENTICATE: (tag) =>
            continuation("+", (line) =>
              line.equals(b("*"))
                ? `${tag} NO [AUTHENTICATIONFAILED] aborted\r\n`
                : `${tag} OK MYAUTH successful\r\n`,
            ),
        }),
      );
      await expect(p.client.authenticate("MYAUTH", () => null)).rejects.toThrow(
        /\[AUTHENTICATIONFAILED\] aborted/,
      );
    });

    it("test_linetoolong (maxline 10, as mock.patch('imaplib._MAXLINE', 10))", async () => {
      await using s = await server({ greeting: `* OK ${"x".repeat(11)}` });
      const err = await caught(open(s.port, { maxline: 10 }));
      expect(err).toBeInstanceOf(error);
      expect(err).not.toBeInstanceOf(abort);
      expect(err.message).toBe("got more than 10 bytes");
    });

    it("test_simple_with_statement", async () => {
      const script = simple();
      await using s = await server(script.options);
      {
        await using _imap = await open(s.port);
      }
      expect(s.transcript()).toBe(`${TAG}0 CAPABILITY\r\n${TAG}1 LOGOUT\r\n`);
    });

    it("test_imaplib_timeout_test", async () => {
      await using s = await server(simple().options);
      const none = await open(s.port, { timeout: null });
      expect(none.sock!.gettimeout()).toBeNull();
      await none.shutdown();
      const five = await open(s.port, { timeout: 5 });
      expect(five.sock!.gettimeout()).toBe(5);
      await five.shutdown();
      await expect(open(s.port, { timeout: 0 })).rejects.toThrow(ValueError);
    });

    it("test_imaplib_timeout_functionality_test: a greeting that never comes", async () => {
      await using raw = await rawServer(async (sock) => {
        while ((await sock.recv(1024)).length > 0) {}
      });
      await expect(open(raw.port, { timeout: 0.05 })).rejects.toThrow(TimeoutError);
    });

    it("test_with_statement and test_with_statement_logout", async () => {
      const script = simple();
      await using s = await server(script.options);
      {
        await using imap = await open(s.port);
        await imap.login("user", "pass");
        expect(script.state.logged).toBe("user");
      }
      expect(script.state.logged).toBeNull();
      {
        await using imap = await open(s.port);
        await imap.login("user", "pass");
        await imap.logout();
        expect(script.state.logged).toBeNull();
      }
      expect(s.transcript()).toBe(`${TAG}0 CAPABILITY\r\n${TAG}1 LOGIN user "pass"\r\n${TAG}2 LOGOUT\r\n`);
    });

    it("test_login", async () => {
      await using p = await setup(simple());
      const [typ, data] = await p.client.login("user", "pass");
      expect(typ).toBe("OK");
      expect(data[0]).toEqual(b("LOGIN completed"));
      expect(p.client.state).toBe("AUTH");
    });

    it("test_logout", async () => {
      await using p = await setup(simple());
      await p.client.login("user", "pass");
      const [typ, data] = await p.client.logout();
      expect([typ, data]).toEqual(["BYE", [b("IMAP4ref1 Server logging out")]]);
      expect(p.client.state).toBe("LOGOUT");
      expect(p.client.sock).toBeNull();
    });

    it("test_lsub", async () => {
      await using p = await setup(
        simple("", { LSUB: (tag) => `* LSUB () "." directoryA\r\n${tag} OK LSUB completed\r\n` }),
      );
      await p.client.login("user", "pass");
      const [typ, data] = await p.client.lsub();
      expect(typ).toBe("OK");
      expect(data[0]).toEqual(b('() "." directoryA'));
    });

    it("test_unselect", async () => {
      await using p = await setup(simple());
      await p.client.login("user", "pass");
      expect(await p.client.select()).toEqual(["OK", [b("2")]]);
      const [typ, data] = await p.client.unselect();
      expect(typ).toBe("OK");
      expect(data[0]).toEqual(b("Returned to authenticated state. (Success)"));
      expect(p.client.state).toBe("AUTH");
    });

    it("test_bracket_flags (issue 21815)", async () => {
      const flags = ["Answered", "Flagged", "Deleted", "Seen", "Draft"];
      await using p = await setup(
        simple("", {
          AUTHENTICATE: (tag) => continuation("+", () => `${tag} OK FAKEAUTH successful\r\n`),
          SELECT: (tag) => {
            const msg = flags.join(" \\");
            return `* FLAGS (${msg})\r\n* 2 EXISTS\r\n* 0 RECENT\r\n* OK [PERMANENTFLAGS ${msg} \\*)] Flags permitted.\r\n${tag} OK [READ-WRITE] SELECT completed.\r\n`;
          },
          STORE: (tag, args) => {
            flags.push(...args.slice(2).join(" ").replace(/[()]/g, "").split(" "));
            return `* ${args[0]} FETCH (FLAGS (${flags.join(" \\")}))\r\n${tag} OK STORE completed.\r\n`;
          },
        }),
      );
      expect((await p.client.authenticate("MYAUTH", () => b("fake")))[0]).toBe("OK");
      await p.client.select("test");
      const [, [data]] = await p.client.store(b("1"), "+FLAGS", "[test]");
      expect((data as Buffer).includes("[test]")).toBe(true);
      await p.client.select("test");
      const [, [perm]] = p.client.response("PERMANENTFLAGS");
      expect((perm as Buffer).includes("[test]")).toBe(true);
    });

    it("test_dump_ur", async () => {
      await using p = await setup(simple());
      const printed: string[] = [];
      p.client._mesg = (s) => void printed.push(s);
      p.client._dump_ur({ "READ-WRITE": [b("")] });
      expect(printed).toEqual(["untagged responses dump:READ-WRITE: [b'']"]);
    });
  });
}

describe("SSL", () => {
  it("test_ssl_verified: default verification fails on the test CA; trusting it works", async () => {
    await using s = await IMAPServer.open({ ...simple().options, tls: true, implicitTLS: true });
    const imap = new IMAP4_SSL({ timeout: 10 });
    await expect(imap.connect("127.0.0.1", s.port)).rejects.toThrow(SSLCertVerificationError);
    expect(imap.sock).toBeNull();
    await using ok = await IMAP4_SSL.open("localhost", s.port, { ssl_context: trusting(), timeout: 10 });
    expect(ok.state).toBe("NONAUTH");
  });

  it("test_ssl_raises: a certificate for another name is refused", async () => {
    const { SELFSIGNED_CERT, SELFSIGNED_KEY } = await import("../../socket/test/fixtures/certs.js");
    await using s = await IMAPServer.open({
      ...simple().options,
      tls: { certfile: SELFSIGNED_CERT, keyfile: SELFSIGNED_KEY },
      implicitTLS: true,
    });
    const ctx = create_default_context({ cafile: SELFSIGNED_CERT });
    const err = await caught<Error>(IMAP4_SSL.open("127.0.0.1", s.port, { ssl_context: ctx, timeout: 10 }));
    expect(err).toBeInstanceOf(SSLCertVerificationError);
    expect(err.message).toMatch(/127\.0\.0\.1/);
  });

  it("test_ssl_context_certfile_exclusive / keyfile_exclusive, and the deprecation", () => {
    const ctx = trusting();
    expect(() => new IMAP4_SSL({ ssl_context: ctx, certfile: "x" })).toThrow(
      new ValueError("ssl_context and certfile arguments are mutually exclusive"),
    );
    expect(() => new IMAP4_SSL({ ssl_context: ctx, keyfile: "x" })).toThrow(
      "ssl_context and keyfile arguments are mutually exclusive",
    );
    // Python's assertWarns(DeprecationWarning): the warning is asserted, not printed into the run
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      expect(() => new IMAP4_SSL({ keyfile: "x" })).toThrow("certfile must be specified");
      expect(warn).toHaveBeenCalledWith(
        "keyfile and certfile are deprecated, use a custom ssl_context instead",
        "DeprecationWarning",
      );
    } finally {
      warn.mockRestore();
    }
    expect(new IMAP4_SSL({ ssl_context: ctx }).ssl_context).toBe(ctx);
  });
});

describe("connecting", () => {
  it("test_EOF_without_complete_welcome_message (issue 5949)", async () => {
    await using raw = await rawServer(async (sock) => {
      await sock.sendall(b("* OK"));
    });
    const err = await caught(IMAP4.open("127.0.0.1", raw.port, { timeout: 10 }));
    expect(err).toBeInstanceOf(abort);
    expect(err.message).toBe("socket error: unterminated line: b'* OK'");
    await using silent = await rawServer(async () => {});
    await expect(IMAP4.open("127.0.0.1", silent.port, { timeout: 10 })).rejects.toThrow(
      new abort("socket error: EOF"),
    );
  });

  it("test_imap4_host_default_value: nothing on localhost:143 means ConnectionRefusedError", async () => {
    const probe = await caught<OSError>(IMAP4.open("", 143, { timeout: 5 }));
    expect(probe).toBeInstanceOf(OSError);
    expect(probe).toBeInstanceOf(ConnectionRefusedError);
  });

  it("test_connect: connect and shutdown", async () => {
    await using s = await IMAPServer.open(simple().options);
    const imap = new IMAP4({ timeout: 10 });
    await imap.connect("127.0.0.1", s.port);
    expect(imap.welcome).toEqual(b("* OK IMAP4rev1"));
    expect(imap.PROTOCOL_VERSION).toBe("IMAP4REV1");
    expect(imap.capabilities).toEqual(["IMAP4REV1"]);
    await imap.shutdown();
    expect(imap.sock).toBeNull();
  });

  it("a server that is not IMAP4 and a greeting that is neither OK nor PREAUTH", async () => {
    await using s = await IMAPServer.open({
      greeting: "* OK hi",
      respond: (c) => `* CAPABILITY FOO\r\n${c.tag} OK done\r\n`,
    });
    await expect(IMAP4.open("127.0.0.1", s.port, { timeout: 10 })).rejects.toThrow(
      new error("server not IMAP4 compliant"),
    );
    await using bye = await IMAPServer.open({ greeting: "* BYE too busy" });
    const err = await caught(IMAP4.open("127.0.0.1", bye.port, { timeout: 10 }));
    expect(err).toBeInstanceOf(error);
    expect(err.args).toEqual([b("* BYE too busy")]);
    expect(err.message).toBe("b'* BYE too busy'");
    await using none = await IMAPServer.open({ greeting: "* OK hi", respond: (c) => `${c.tag} OK done\r\n` });
    await expect(IMAP4.open("127.0.0.1", none.port, { timeout: 10 })).rejects.toThrow(
      "no CAPABILITY response from server",
    );
  });

  it("PREAUTH starts in AUTH", async () => {
    await using s = await IMAPServer.open({
      preauth: "alice",
      store: (await import("@inetlib/testing")).demoMailstore(),
    });
    await using imap = await IMAP4.open("127.0.0.1", s.port, { timeout: 10 });
    expect(imap.state).toBe("AUTH");
    expect((await imap.select())[1]).toEqual([b("4")]);
  });
});
