// XOAUTH2 and OAUTHBEARER against the in-process server (which takes bearer tokens): the bytes
// sent, a refused token (the JSON challenge answered, then NO), and what is refused before
// anything is sent.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { error, oauthbearerMessage, xoauth2Message } from "../src/index.js";
import { demo, since, TAG } from "./helpers.js";

const tokens = { alice: "alice-token", "a,b=c": "odd-token" };
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("the messages", () => {
  it("XOAUTH2: user, bearer token, ^A separators", () => {
    expect(xoauth2Message("alice", "T").toString()).toBe("user=alice\x01auth=Bearer T\x01\x01");
  });

  it("OAUTHBEARER: the GS2 header with the user escaped (RFC 5801), host and port", () => {
    expect(oauthbearerMessage("a,b=c", "T", { host: "imap.example", port: 993 }).toString()).toBe(
      "n,a=a=2Cb=3Dc,\x01host=imap.example\x01port=993\x01auth=Bearer T\x01\x01",
    );
    expect(oauthbearerMessage("alice", "T").toString()).toBe("n,a=alice,\x01auth=Bearer T\x01\x01");
  });

  it("refuses control characters that would add fields", () => {
    expect(() => xoauth2Message("alice\x01auth=Bearer x", "T")).toThrow(ValueError);
    expect(() => xoauth2Message("alice", "T\r\n")).toThrow(ValueError);
    expect(() => oauthbearerMessage("alice", "T", { host: "h\x01port=1" })).toThrow(ValueError);
  });
});

describe("login_xoauth2 and login_oauthbearer", () => {
  it("XOAUTH2 logs in and sends the token at the first continuation", async () => {
    await using p = await demo({ tokens }, {}, false);
    expect(p.client.capabilities).toContain("AUTH=XOAUTH2");
    const mark = p.server.transcript().length;
    const [typ] = await p.client.login_xoauth2("alice", "alice-token");
    expect(typ).toBe("OK");
    expect(p.client.state).toBe("AUTH");
    expect(since(p, mark)).toBe(
      `${TAG}1 AUTHENTICATE XOAUTH2\r\n${b64("user=alice\x01auth=Bearer alice-token\x01\x01")}\r\n`,
    );
  });

  it("OAUTHBEARER logs in with the connection's host and port in the message", async () => {
    await using p = await demo({ tokens }, {}, false);
    const mark = p.server.transcript().length;
    const [typ] = await p.client.login_oauthbearer("a,b=c", "odd-token");
    expect(typ).toBe("OK");
    expect(since(p, mark)).toBe(
      `${TAG}1 AUTHENTICATE OAUTHBEARER\r\n${b64(`n,a=a=2Cb=3Dc,\x01host=127.0.0.1\x01port=${p.server.port}\x01auth=Bearer odd-token\x01\x01`)}\r\n`,
    );
  });

  it("a refused token: the error challenge is answered (empty line, ^A), then error", async () => {
    await using p = await demo({ tokens }, {}, false);
    let mark = p.server.transcript().length;
    await expect(p.client.login_xoauth2("alice", "wrong")).rejects.toThrow(error);
    expect(since(p, mark)).toMatch(/^\w+ AUTHENTICATE XOAUTH2\r\n[A-Za-z0-9+/=]+\r\n\r\n$/);
    mark = p.server.transcript().length;
    await expect(p.client.login_oauthbearer("alice", "wrong")).rejects.toThrow(/Authentication failed/);
    expect(since(p, mark)).toMatch(/^\w+ AUTHENTICATE OAUTHBEARER\r\n[A-Za-z0-9+/=]+\r\nAQ==\r\n$/);
    expect(p.client.state).toBe("NONAUTH");
  });

  it("a user with control characters is refused before anything is sent", async () => {
    await using p = await demo({ tokens }, {}, false);
    const mark = p.server.transcript().length;
    await expect(p.client.login_xoauth2("alice\x01", "alice-token")).rejects.toThrow(ValueError);
    expect(since(p, mark)).toBe("");
  });
});
