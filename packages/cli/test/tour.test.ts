// The protocol tour against the embedded servers: every step runs and shows what it did.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findDaemonsConfig, realTargets, runTour, TOUR_STEPS, type TourTargets } from "../src/index.js";
import { TOUR_STEP_NAMES } from "../src/tour/types.js";

describe("the tour", () => {
  it("runs every step against embedded servers, in seconds", async () => {
    const lines: string[] = [];
    const results = await runTour({ log: (l) => lines.push(l) });
    const text = lines.join("\n");
    expect(results.map((r) => [r.name, r.ok, r.error])).toEqual(TOUR_STEPS.map((s) => [s.name, true, null]));
    expect(lines[0]).toBe("inetlib protocol tour: embedded servers from @inetlib/testing on 127.0.0.1");
    // gopher: a menu and a text item
    expect(text).toContain(" 1. [TXT] About this hole");
    expect(text).toContain("      This gopher hole lives in memory.");
    // news: the groups and the newest article of local.test
    expect(text).toMatch(/local\.test +last 20, first 1/);
    expect(text).toContain("Message-ID: <test-20@inetlib.test>");
    // mail: sent with SMTP, read back with POP3 and with IMAP
    expect(text).toContain("refused: {}");
    expect(text).toMatch(/> await pop\.retr\(\d+\)\n(?: {6}.*\n)*? {6}This message went out with SMTP/);
    expect(text).toMatch(
      /> await M\.fetch_messages\(\d+, .*\n {6}flags: \(none\)\n {6}from: inetlib tour <tour@inetlib\.test>\n/,
    );
    expect(text).toContain("      text: This message went out with SMTP and came back with POP3 and IMAP.");
    // FTP: listing, upload, download
    expect(text).toContain("      226 Transfer complete.");
    expect(text).toMatch(/\d+ bytes back, the same bytes as uploaded/);
    // telnet: a login and a command
    expect(text).toContain("      hello from the shell");
    // HTTP: a GET and an XML-RPC call
    expect(text).toContain("  > await proxy.add(2, 3)\n      5\n");
    expect(text).toContain("      ['add', 'echo', 'now', ... 3 system.* methods]\n");
    expect(text).toMatch(
      /\n {6}f\.status: 200, f\.geturl\(\): http:\/\/127\.0\.0\.1:\d+\/hello\n {6}f\.headers/,
    );
    // embedded servers are gone when the tour ends: no `$ inetlib ...` line that could not be run
    expect(text).not.toMatch(/^ {2}\$ /m);
    expect(lines.at(-2)).toBe(
      "The embedded servers are gone now; `inetlib tour --real` shows each step's inetlib command against the daemons, which stay up.",
    );
    expect(lines.at(-1)).toMatch(new RegExp(`^tour done: ${TOUR_STEPS.length} steps in \\d+\\.\\d\\d s$`));
  });

  it("runs some steps, and reports a failing step without stopping", async () => {
    const lines: string[] = [];
    const results = await runTour({
      log: (l) => lines.push(l),
      only: ["gopher", "telnet"],
      targets: nowhere(),
      timeout: 2,
    });
    // Nothing listens on port 1: each step fails with its class and the tour goes on.
    expect(results.map((r) => [r.name, r.ok, r.code])).toEqual([
      ["gopher", false, 3],
      ["telnet", false, 3],
    ]);
    expect(lines.filter((l) => l.startsWith("  !! "))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^tour done with failures \(gopher, telnet\)/);
  });

  it("lists its steps for the help in the order it runs them", () => {
    expect(TOUR_STEP_NAMES).toEqual(TOUR_STEPS.map((s) => s.name));
  });
});

describe("the tour against the real daemons", () => {
  it("finds them in test/daemons/config.env and the state directory", () => {
    const config = findDaemonsConfig(process.cwd());
    expect(config).toMatch(/test\/daemons\/config\.env$/);
    const state = mkdtempSync(join(tmpdir(), "inetlib-state-"));
    try {
      mkdirSync(join(state, "tls"));
      writeFileSync(join(state, "tls", "ca.pem"), "");
      const t = realTargets(config!, state);
      expect(t).toMatchObject({
        cafile: join(state, "tls", "ca.pem"),
        tlsHost: "localhost",
        gopher: { host: "127.0.0.1", port: 21070 },
        news: { port: 21119, group: "local.test" },
        mail: {
          smtp: { port: 21025 },
          pop3: { port: 21110, user: "bob" },
          imap: { port: 21143 },
          to: "bob@inetlib.test",
        },
        ftp: { port: 21021, user: "inetlib", uploadDir: "upload" },
        telnet: { port: 21023, user: "inetlib" },
        http: { url: "http://127.0.0.1:21080/hello.txt", xmlrpc: "http://127.0.0.1:21800/RPC2" },
      });
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  it("says how to start them when they are not up", () => {
    expect(() => realTargets(findDaemonsConfig(process.cwd())!, join(tmpdir(), "no-such-state"))).toThrow(
      /ca\.pem is missing: are the daemons up\? \(bash test\/daemons\/up\.sh/,
    );
  });
});

/** nowhere is a TourTargets whose servers all sit on port 1 of 127.0.0.1, where nothing listens. */
function nowhere(): TourTargets {
  const at = { host: "127.0.0.1", port: 1 };
  const login = { user: "u", password: "p" };
  return {
    where: "nowhere",
    cafile: "/nonexistent/ca.pem",
    tlsHost: "localhost",
    gopher: at,
    news: { ...at, group: "g" },
    mail: {
      smtp: { ...at, login: null },
      pop3: { ...at, ...login },
      imap: { ...at, ...login },
      from: "a@b",
      to: "c@d",
      deliveryTimeout: 1,
    },
    ftp: { ...at, ...login, uploadDir: "" },
    telnet: { ...at, ...login, command: "true" },
    http: { url: "http://127.0.0.1:1/", xmlrpc: "http://127.0.0.1:1/RPC2" },
  };
}

describe("the tour's command lines", () => {
  it("are shown, with the command as it runs here, only where the servers outlive the tour", async () => {
    const { makeShow } = await import("../src/tour/show.js");
    const lines: string[] = [];
    makeShow((l) => lines.push(l), 1, undefined, "pnpm inetlib").cli("inetlib get gopher://h:70/");
    makeShow((l) => lines.push(l), 1, undefined, null).cli("inetlib get gopher://h:70/");
    expect(lines).toEqual(["  $ pnpm inetlib get gopher://h:70/"]);
  });
});
