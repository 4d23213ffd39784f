// The SMTP examples, run in-process against the demo server (results checked) and as programs.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { CA_CERT, demoServer, type Log } from "./common.js";
import { htmlAttachment } from "./html-attachment.js";
import { plain } from "./plain.js";
import { starttlsLogin } from "./starttls-login.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function run(example: (target: Parameters<typeof plain>[0], log: Log) => Promise<unknown>) {
  const server = await demoServer();
  stops.push(() => server.close());
  const lines: string[] = [];
  const result = await example(
    { host: "localhost", port: server.port, cafile: CA_CERT, user: "alice", password: "alice-pass" },
    (...args) => void lines.push(args.join(" ")),
  );
  return { server, lines, result };
}

describe("SMTP examples", () => {
  it("plain: a text mail, the lone dot line arriving intact", async () => {
    const { server, lines, result } = await run(plain);
    expect(result).toEqual({});
    expect(lines).toEqual(["refused recipients: {}"]);
    expect(server.messages[0]!.data.toString()).toBe(
      "From: alice@inetlib.test\r\nTo: bob@inetlib.test\r\nSubject: Hello\r\n\r\nHi Bob,\r\n.\r\nThe line above is a lone dot: smtplib doubles it, the server takes one away.\r\n",
    );
  });

  it("html-attachment: multipart message, Bcc in the envelope only", async () => {
    const { server } = await run(htmlAttachment);
    const m = server.messages[0]!;
    expect(m.rcpt_tos).toEqual(["bob@inetlib.test", "archive@inetlib.test"]);
    const text = m.data.toString();
    expect(text).toContain("Content-Type: multipart/mixed;");
    expect(text).toContain("<p>The report is <b>attached</b>.</p>");
    expect(text).toContain("cXVhcnRlcix0b3RhbApRMSw0Mgo=");
    expect(text).not.toContain("archive@");
  });

  it("starttls-login: the message goes over TLS after AUTH", async () => {
    const { server, lines } = await run(starttlsLogin);
    expect(lines[0]).toContain("STARTTLS");
    expect(lines[0]).not.toContain("AUTH");
    expect(lines.slice(1)).toEqual([
      "STARTTLS: 220 2.0.0 Ready to start TLS",
      "over TLS the server offers AUTH PLAIN LOGIN CRAM-MD5",
      "login: 235",
      "refused recipients: {}",
    ]);
    expect(server.messages[0]).toMatchObject({
      tls: true,
      auth_user: "alice",
      rcpt_tos: ["bob@inetlib.test"],
    });
  });

  it("each runs as a program with one command", async () => {
    for (const file of ["plain.ts", "html-attachment.ts", "starttls-login.ts"]) {
      const { stdout } = await exec(tsx, [join(import.meta.dirname, file)], { timeout: 30_000 });
      expect(stdout).toContain("refused recipients: {}");
      expect(stdout).toMatch(/--- the server received, from alice@inetlib\.test to bob@inetlib\.test/);
    }
  });
});
