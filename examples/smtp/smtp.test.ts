// The SMTP examples, run in-process against the demo server (results checked) and as programs.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { alternative } from "./alternative.js";
import { CA_CERT, demoServer, type Log } from "./common.js";
import { emailMessage } from "./email-message.js";
import { htmlAttachment } from "./html-attachment.js";
import { mimeTextHeader } from "./mime-text-header.js";
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
  it("email-message: the email docs' EmailMessage example sends Python's bytes", async () => {
    const { server, lines, result } = await run(emailMessage);
    expect(result).toEqual({});
    expect(lines).toEqual(["refused recipients: {}"]);
    const m = server.messages[0]!;
    expect([m.mail_from, m.rcpt_tos]).toEqual(["alice@inetlib.test", ["bob@inetlib.test"]]);
    // What Python 3.11's send_message() puts on the wire for the same message.
    expect(m.data.toString()).toBe(
      'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 7bit\r\nMIME-Version: 1.0\r\nSubject: The contents of report.txt\r\nFrom: alice@inetlib.test\r\nTo: bob@inetlib.test\r\n\r\nQuarterly figures are in.\r\nAll up, nothing down.\r\n',
    );
  });

  it("mime-text-header: the tutorials' MIMEText + Header example, via sendmail and send_message", async () => {
    const { server, lines, result } = await run(mimeTextHeader);
    expect(result).toEqual({});
    expect(lines).toEqual(["邮件发送成功"]);
    // Python's message.as_string(), CRLF on the wire, the same both ways.
    const python =
      'Content-Type: text/plain; charset="utf-8"\nMIME-Version: 1.0\nContent-Transfer-Encoding: base64\nFrom: =?utf-8?b?6I+c6bif5pWZ56iL?=\nTo: =?utf-8?b?5rWL6K+V?=\nSubject: =?utf-8?b?UHl0aG9uIFNNVFAg6YKu5Lu25rWL6K+V?=\n\nUHl0aG9uIOmCruS7tuWPkemAgea1i+ivlS4uLg==\n';
    expect(server.messages.map((m) => m.data.toString())).toEqual(
      [python, python].map((p) => p.replace(/\n/g, "\r\n")),
    );
    expect(server.messages[1]!.rcpt_tos).toEqual(["bob@inetlib.test"]);
  });

  it("alternative: the email docs' HTML example with a related image", async () => {
    const { server, result } = await run(alternative);
    expect(result).toEqual({});
    const m = server.messages[0]!;
    expect(m.rcpt_tos).toEqual(["penelope@example.com", "fabrette@example.com"]);
    const text = m.data.toString();
    expect(text).toContain("Subject: Ayons asperges pour le =?utf-8?q?d=C3=A9jeuner?=\r\n");
    expect(text).toContain("From: =?utf-8?q?Pep=C3=A9?= Le Pew <pepe@example.com>\r\n");
    expect(text).toContain(
      "To: Penelope Pussycat <penelope@example.com>,\r\n Fabrette Pussycat <fabrette@example.com>\r\n",
    );
    expect(text).toMatch(/Content-Type: multipart\/related;\r\n boundary="=+\d+=="/);
    const cid = /Content-ID: <([^>]+)>/.exec(text)![1]!;
    expect(text).toContain(`cid:${cid}`);
  });

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
