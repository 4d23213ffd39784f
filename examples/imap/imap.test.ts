// The IMAP examples, in-process with their output checked, and as programs run with tsx.
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { demoAttachment } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { listMailboxes } from "./list-mailboxes.js";
import { type Log, parseTarget, withMailbox } from "./mailbox.js";
import { parseMail } from "./parse-mail.js";
import { readAll } from "./read-all.js";
import { saveAttachments } from "./save-attachments.js";
import { unreadSubjects } from "./unread-subjects.js";
import { waitForMail } from "./wait-for-mail.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (...args) => lines.push(...args.map(String).join(" ").split("\n")) };
}

describe("imap examples", () => {
  it("read-all: imaplib's documentation example prints every message", async () => {
    const { log, lines } = capture();
    expect(await withMailbox(readAll, log)).toBe(4);
    expect(lines[0]).toBe("Message 1");
    expect(lines).toContain("Subject: Welcome\r");
    expect(lines.filter((l) => /^Message \d$/.test(l))).toEqual([
      "Message 1",
      "Message 2",
      "Message 3",
      "Message 4",
    ]);
    expect(lines).toContain("Noon at the usual place?\r");
  });

  it("parse-mail: fetched messages read with message_from_bytes (subjects decoded, the PDF found)", async () => {
    const { log, lines } = capture();
    const mails = await withMailbox(parseMail, log);
    expect(mails.map((m) => m.subject)).toEqual(["Welcome", "Réunion notes", "Quarterly report", "Lunch?"]);
    expect(lines[1]).toBe("Renée <renee@example.org> | Réunion notes");
    expect(mails[1]!.text).toBe("Notes from the réunion: ship it.\r\n"); // as Python: the line ending as received
    expect(mails[2]!.attachments).toEqual([["report.pdf", demoAttachment.length]]);
  });

  it("list-mailboxes: LIST and STATUS", async () => {
    const { log, lines } = capture();
    expect(await withMailbox(listMailboxes, log)).toEqual([
      ["INBOX", 4, 2],
      ["Archive", 2, 0],
    ]);
    expect(lines[0]).toMatch(/^INBOX +4 messages, 2 unseen$/);
  });

  it("unread-subjects: decoded senders and subjects, over IMAPS too", async () => {
    for (const ssl of [false, true]) {
      const { log, lines } = capture();
      expect(await withMailbox(unreadSubjects, log, undefined, { ssl })).toEqual([
        "Réunion notes",
        "Quarterly report",
      ]);
      expect(lines).toEqual([
        "2 unread",
        "    2  Renée                Réunion notes",
        "    3  Carol                Quarterly report",
      ]);
    }
  });

  it("save-attachments: the PDF, byte for byte", async () => {
    const { log, lines } = capture();
    const { directory, files } = await withMailbox(saveAttachments(), log);
    try {
      expect(files.map((f) => f.slice(directory.length + 1))).toEqual(["3-report.pdf"]);
      expect(await readFile(files[0]!)).toEqual(demoAttachment);
      expect(lines).toEqual([`saved ${files[0]} (${demoAttachment.length} bytes, application/pdf)`]);
    } finally {
      await rm(directory, { recursive: true });
    }
  });

  it("wait-for-mail: IDLE wakes up for the message delivered meanwhile", async () => {
    const { log, lines } = capture();
    expect(await withMailbox(waitForMail(10), log)).toEqual(["5:5"]);
    expect(lines).toEqual(["4 messages; waiting up to 10 s for new mail (IDLE)", "new: Fresh news (UID 5)"]);
  });

  it("parses imap:// and imaps:// targets", () => {
    expect(parseTarget("imap://al%40ice:s%3Acret@[::1]:2143")).toMatchObject({
      host: "::1",
      port: 2143,
      user: "al@ice",
      password: "s:cret",
      ssl: false,
    });
    expect(parseTarget("imaps://u:p@mail.example.org")).toMatchObject({ port: 993, ssl: true });
    expect(() => parseTarget("pop3://u:p@h")).toThrow(TypeError);
  });

  it("runs as a program with one command", async () => {
    const { stdout } = await exec(tsx, [join(import.meta.dirname, "unread-subjects.ts")], {
      timeout: 30_000,
    });
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      "2 unread",
      "    2  Renée                Réunion notes",
      "    3  Carol                Quarterly report",
    ]);
  });
});
