// SASL AUTH (RFC 5034) against the stateful server: PLAIN, LOGIN, XOAUTH2, failures, cancel.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { error_proto } from "../src/index.js";
import { caught, mailbox, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("AUTH", () => {
  it("PLAIN sends the credentials in the initial response", async () => {
    await using p = await pair({ maildrop: mailbox() });
    expect(await p.client.auth_plain("alice", "alice-pass")).toEqual(b("+OK Logged in."));
    expect(await p.client.stat()).toEqual([3, 124]);
    expect(p.server.transcript()).toBe(`AUTH PLAIN ${b64("\0alice\0alice-pass")}\r\nSTAT\r\n`);
  });

  it("PLAIN without initial response answers the empty challenge", async () => {
    await using p = await pair({ maildrop: mailbox() });
    const plain = () => Buffer.from("\0alice\0alice-pass");
    expect(await p.client.auth("plain", plain, { initial_response_ok: false })).toEqual(b("+OK Logged in."));
    expect(p.server.transcript()).toBe(`AUTH PLAIN\r\n${b64("\0alice\0alice-pass")}\r\n`);
  });

  it("LOGIN answers Username: and Password:", async () => {
    await using p = await pair({ maildrop: mailbox() });
    expect(await p.client.auth_login("alice", "alice-pass")).toEqual(b("+OK Logged in."));
    expect(p.server.transcript()).toBe(`AUTH LOGIN\r\n${b64("alice")}\r\n${b64("alice-pass")}\r\n`);
  });

  it("XOAUTH2 with a good token, and a bad one (JSON challenge, empty answer, -ERR)", async () => {
    const message = b64("user=bob\x01auth=Bearer bob-token\x01\x01");
    {
      await using p = await pair({ maildrop: mailbox() });
      expect(await p.client.auth_xoauth2("bob", "bob-token")).toEqual(b("+OK Logged in."));
      expect(p.server.transcript()).toBe(`AUTH XOAUTH2 ${message}\r\n`);
    }
    await using p = await pair({ maildrop: mailbox() });
    const err = await caught(p.client.auth_xoauth2("bob", "stale"));
    expect(err.resp).toEqual(b("-ERR [AUTH] Authentication failed."));
    expect(p.server.transcript()).toBe(
      `AUTH XOAUTH2 ${b64("user=bob\x01auth=Bearer stale\x01\x01")}\r\n\r\n`,
    );
    expect(await p.client.auth_plain("alice", "alice-pass")).toEqual(b("+OK Logged in."));
  });

  it("a wrong password is error_proto with the server's line", async () => {
    await using p = await pair({ maildrop: mailbox() });
    const err = await caught(p.client.auth_login("alice", "nope"));
    expect(err).toBeInstanceOf(error_proto);
    expect(err.resp).toEqual(b("-ERR [AUTH] Authentication failed."));
  });

  it("an unknown mechanism is the server's -ERR", async () => {
    await using p = await pair({ maildrop: mailbox(), sasl: ["PLAIN"] });
    const err = await caught(p.client.auth_login("alice", "alice-pass"));
    expect(err.resp).toEqual(b("-ERR Unsupported authentication mechanism."));
  });

  it("an authobject that throws cancels the exchange with '*' and the connection stays usable", async () => {
    await using p = await pair({ maildrop: mailbox() });
    const boom = (challenge: Buffer | null) => {
      if (challenge === null) return null;
      throw new ValueError("no answer");
    };
    await expect(p.client.auth("LOGIN", boom)).rejects.toThrow("no answer");
    expect(await p.client.user("alice")).toEqual(b("+OK"));
    expect(p.server.transcript()).toBe("AUTH LOGIN\r\n*\r\nUSER alice\r\n");
  });

  it("a challenge that is not base64 cancels the exchange", async () => {
    let step = 0;
    await using p = await pair({
      respond: (c) => {
        if (c === "AUTH" || step > 0)
          return ["+ !!not base64!!\r\n", "-ERR cancelled\r\n", "+OK\r\n"][step++];
        return undefined;
      },
    });
    await expect(p.client.auth("X-TEST", () => null)).rejects.toThrow(ValueError);
    expect(p.server.transcript()).toBe("AUTH X-TEST\r\n*\r\n");
  });

  it("an initial response that would make the line longer than 255 octets waits for the challenge", async () => {
    await using p = await pair({ maildrop: mailbox() });
    const long = "x".repeat(300);
    const err = await caught(p.client.auth_plain("alice", long));
    expect(err.resp).toEqual(b("-ERR [AUTH] Authentication failed."));
    expect(p.server.transcript()).toBe(`AUTH PLAIN\r\n${b64(`\0alice\0${long}`)}\r\n`);
  });

  it("a server that challenges forever is cut off", async () => {
    await using p = await pair({ respond: () => "+ \r\n" });
    const err = await caught(p.client.auth("X-LOOP", () => ""));
    expect(err.args).toEqual(["-ERR SASL exchange longer than 16 steps"]);
  });

  it("the trace masks every credential", async () => {
    const printed: string[] = [];
    await using p = await pair({ maildrop: mailbox() }, { debugSink: (t) => printed.push(t) });
    p.client.set_debuglevel(2);
    await p.client.auth_login("alice", "alice-pass");
    const text = printed.join("");
    expect(text).toContain("*cmd* 'AUTH LOGIN'\n");
    expect(text).not.toContain(b64("alice-pass"));
    expect(text).not.toContain(b64("alice"));
    expect(text).toContain("*cmd* '****************'\n");
  });
});
