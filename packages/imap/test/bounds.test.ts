// Hostile servers (issue 17): a message body never runs as commands (no synchronising literal
// before its "+", UTF-8 only when "* ENABLED" says so), a flood of untagged responses is cut
// off at its bound, and logout/close end an IDLE left open instead of hanging.
import type { socket } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { abort, IMAP4, type IMAP4Options } from "../src/index.js";
import { b, caught, rawServer, TAG } from "./helpers.js";

const BODY = "Subject: hi\r\n\r\nzz1 CREATE Injected\r\n";

/** Line answers one command line (tag, rest); what it returns is sent. */
type Line = (tag: string, rest: string, sock: socket) => Promise<string | undefined> | string | undefined;

/** scripted serves the greeting and CAPABILITY, then `line` for each command line; records every byte. */
async function scripted(capabilities: string, line: Line) {
  const got: Buffer[] = [];
  const raw = await rawServer(async (sock) => {
    await sock.sendall(b("* PREAUTH ready\r\n"));
    let held = Buffer.alloc(0);
    for (;;) {
      const chunk = await sock.recv(65536);
      if (chunk.length === 0) return;
      got.push(chunk);
      held = Buffer.concat([held, chunk]);
      for (let eol = held.indexOf("\r\n"); eol >= 0; eol = held.indexOf("\r\n")) {
        const text = held.subarray(0, eol).toString("latin1");
        held = held.subarray(eol + 2);
        const [tag = "", ...rest] = text.split(" ");
        const cmd = rest.join(" ");
        const answer =
          cmd === "CAPABILITY"
            ? `* CAPABILITY IMAP4rev1 ${capabilities}\r\n${tag} OK done\r\n`
            : await line(tag, cmd, sock);
        if (answer) await sock.sendall(b(answer));
      }
    }
  });
  return { raw, sent: () => Buffer.concat(got).toString("latin1") };
}

const open = (port: number, options: IMAP4Options = {}) =>
  IMAP4.open("127.0.0.1", port, { timeout: 10, tagpre: TAG, ...options });

describe("a message body never runs as commands", () => {
  // dovecot 2.3: OK to ENABLE without "* ENABLED", then a NO to the APPEND it cannot parse.
  const dovecotLike =
    (enabled: boolean): Line =>
    (tag, rest) => {
      if (rest.startsWith("ENABLE"))
        return `${enabled ? "* ENABLED UTF8=ACCEPT\r\n" : ""}${tag} OK enabled\r\n`;
      if (rest.startsWith("APPEND")) return `${tag} NO [TRYCREATE] refused\r\n`;
      if (rest.startsWith("zz1")) return "zz1 OK created\r\n";
      return `${tag} OK done\r\n`;
    };

  it("ENABLE answered OK without * ENABLED leaves UTF-8 off; the refused APPEND's body is never sent", async () => {
    const s = await scripted("ENABLE UTF8=ACCEPT", dovecotLike(false));
    await using _ = s.raw;
    const M = await open(s.raw.port);
    expect((await M.enable("UTF8=ACCEPT"))[0]).toBe("OK");
    expect(M.utf8_enabled).toBe(false);
    expect(M._encoding).toBe("ascii");
    const [typ] = await M.append("INBOX", null, null, BODY);
    expect(typ).toBe("NO");
    expect((await M.noop())[0]).toBe("OK");
    await M.shutdown();
    expect(s.sent()).toContain(`${TAG}2 APPEND INBOX {${BODY.length}}\r\n${TAG}3 NOOP\r\n`);
    expect(s.sent()).not.toContain("Injected");
  });

  it("with * ENABLED, the UTF8 (~{n}) literal waits for '+' even under LITERAL+", async () => {
    const s = await scripted("ENABLE UTF8=ACCEPT LITERAL+", dovecotLike(true));
    await using _ = s.raw;
    const M = await open(s.raw.port);
    await M.enable("UTF8=ACCEPT");
    expect(M.utf8_enabled).toBe(true);
    expect((await M.append("INBOX", null, null, BODY))[0]).toBe("NO");
    await M.shutdown();
    expect(s.sent()).toContain(`${TAG}2 APPEND INBOX UTF8 (~{${BODY.length}}\r\n`);
    expect(s.sent()).not.toContain("Injected");
  });

  it("a synchronising literal goes only after the server's '+'", async () => {
    const s = await scripted("", (tag, rest) => {
      if (rest.startsWith("APPEND")) return "+ go ahead\r\n";
      if (tag === "x") return `${TAG}1 OK appended\r\n`;
      return `${tag} OK done\r\n`;
    });
    await using _ = s.raw;
    const M = await open(s.raw.port);
    expect((await M.append("INBOX", null, null, "x"))[0]).toBe("OK");
    await M.shutdown();
    expect(s.sent()).toContain(`${TAG}1 APPEND INBOX {1}\r\nx\r\n`);
  });
});

describe("what one command may collect is bounded", () => {
  const flood =
    (line: string): Line =>
    async (tag, rest, sock) => {
      if (rest !== "NOOP") return `${tag} OK done\r\n`;
      const burst = b(line.repeat(1000));
      for (;;) await sock.sendall(burst);
    };

  it("an endless stream of * 1 EXISTS raises abort past maxUntaggedResponses and closes", async () => {
    const s = await scripted("", flood("* 1 EXISTS\r\n"));
    await using _ = s.raw;
    const M = await open(s.raw.port, { maxUntaggedResponses: 5000 });
    const err = await caught(M.noop());
    expect(err).toBeInstanceOf(abort);
    expect(err.message).toBe("command: NOOP => too many untagged responses: more than 5000 for one command");
    expect(M.sock).toBeNull();
  });

  it("and past maxUntaggedBytes", async () => {
    const s = await scripted("", flood(`* OK ${"x".repeat(500)}\r\n`));
    await using _ = s.raw;
    const M = await open(s.raw.port, { maxUntaggedBytes: 100000 });
    const err = await caught(M.noop());
    expect(err).toBeInstanceOf(abort);
    expect(err.message).toBe(
      "command: NOOP => untagged responses too large: more than 100000 bytes for one command",
    );
    expect(M.sock).toBeNull();
  });

  it("the count starts again with each command", async () => {
    const s = await scripted("", (tag) => `* 1 EXISTS\r\n* 1 EXISTS\r\n${tag} OK done\r\n`);
    await using _ = s.raw;
    const M = await open(s.raw.port, { maxUntaggedResponses: 3 });
    for (let i = 0; i < 3; i++) expect((await M.noop())[0]).toBe("OK");
    await M.shutdown();
  });
});

describe("logout and close end an IDLE left open", () => {
  // dovecot: anything but DONE inside IDLE gets "BAD Expected DONE" and IDLE goes on.
  const idling =
    (answerDone: boolean): Line =>
    (tag, rest) => {
      if (rest === "IDLE") {
        idleTag = tag;
        return "+ idling\r\n";
      }
      if (idleTag !== null) {
        if (tag !== "DONE") return "* BAD Expected DONE.\r\n";
        if (!answerDone) return undefined;
        const t = idleTag;
        idleTag = null;
        return `${t} OK Idle completed\r\n`;
      }
      if (rest === "LOGOUT") return `* BYE bye\r\n${tag} OK logged out\r\n`;
      return `${tag} OK done\r\n`;
    };
  let idleTag: string | null = null;

  it("logout sends DONE first", async () => {
    idleTag = null;
    const s = await scripted("IDLE", idling(true));
    await using _ = s.raw;
    const M = await open(s.raw.port);
    await M.idle();
    const [typ] = await M.logout();
    expect(typ).toBe("BYE");
    expect(s.sent()).toBe(`${TAG}0 CAPABILITY\r\n${TAG}1 IDLE\r\nDONE\r\n${TAG}2 LOGOUT\r\n`);
  });

  it("even while an iteration waits for a response", async () => {
    idleTag = null;
    const s = await scripted("IDLE", idling(true));
    await using _ = s.raw;
    const M = await open(s.raw.port);
    const idler = await M.idle();
    const waiting = idler.next();
    expect((await M.logout())[0]).toBe("BYE");
    expect(await waiting).toEqual({ done: true, value: undefined });
  });

  it("await using closes even when the server never ends IDLE", async () => {
    idleTag = null;
    const s = await scripted("IDLE", idling(false));
    await using _ = s.raw;
    const M = await open(s.raw.port, { timeout: 0.3 });
    {
      await using client = M;
      await client.idle();
    }
    expect(M.sock).toBeNull();
    expect(s.sent()).toBe(`${TAG}0 CAPABILITY\r\n${TAG}1 IDLE\r\nDONE\r\n`);
  });
});
