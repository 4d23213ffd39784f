// The demo mailboxes: what the examples and the tour show when no real server is named.
import { Mailstore } from "./store.js";

/** demoMailstoreUsers are the demo accounts. */
export const demoMailstoreUsers = {
  alice: { user: "alice", password: "alice-pass" },
  bob: { user: "bob", password: "bob-pass" },
} as const;

/** DemoMailstoreOptions add to the demo. */
export interface DemoMailstoreOptions {
  /** Messages for the user "bulk" (password "bulk-pass"); none by default. */
  bulk?: number;
}

const day = (n: number) => new Date(Date.UTC(2024, 0, n, 9, 30, 0));

// A small PDF-like attachment: the bytes matter, not the format.
export const demoAttachment: Buffer = Buffer.from(
  "%PDF-1.4\n% inetlib demo attachment\n1 0 obj << >> endobj\n%%EOF\n",
  "latin1",
);

/**
 * demoMailstore returns alice's INBOX (a welcome, two unread messages, one of them with an
 * attachment, and a flagged one), her Archive, and an empty INBOX for bob.
 */
export function demoMailstore(options: DemoMailstoreOptions = {}): Mailstore {
  const store = new Mailstore();
  store.addUser("alice", "alice-pass");
  store.addUser("bob", "bob-pass");
  store.add(
    "alice",
    "INBOX",
    "From: Bob <bob@inetlib.test>\r\nTo: Alice <alice@inetlib.test>\r\nSubject: Welcome\r\nDate: Mon, 01 Jan 2024 09:30:00 +0000\r\nMessage-ID: <welcome@inetlib.test>\r\n\r\nHi Alice,\r\n\r\nwelcome to the inetlib demo mailbox.\r\n",
    { flags: ["\\Seen"], date: day(1) },
  );
  store.add(
    "alice",
    "INBOX",
    "From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.org>\r\nTo: alice@inetlib.test\r\nSubject: =?UTF-8?Q?R=C3=A9union?= notes\r\nDate: Tue, 02 Jan 2024 09:30:00 +0000\r\nMessage-ID: <notes@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nNotes from the réunion: ship it.\r\n",
    { date: day(2) },
  );
  store.add(
    "alice",
    "INBOX",
    [
      "From: Carol <carol@example.org>",
      "To: alice@inetlib.test",
      "Subject: Quarterly report",
      "Date: Wed, 03 Jan 2024 09:30:00 +0000",
      "Message-ID: <report@example.org>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="demo-boundary"',
      "",
      "--demo-boundary",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "The report is attached.",
      "--demo-boundary",
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      ...(demoAttachment.toString("base64").match(/.{1,76}/g) ?? []),
      "--demo-boundary--",
      "",
    ].join("\r\n"),
    { date: day(3) },
  );
  store.add(
    "alice",
    "INBOX",
    "From: Bob <bob@inetlib.test>\r\nTo: Alice <alice@inetlib.test>\r\nSubject: Lunch?\r\nDate: Thu, 04 Jan 2024 09:30:00 +0000\r\n\r\nNoon at the usual place?\r\n",
    { flags: ["\\Seen", "\\Flagged"], date: day(4) },
  );
  for (let i = 1; i <= 2; i++)
    store.add(
      "alice",
      "Archive",
      `From: Bob <bob@inetlib.test>\r\nSubject: Archived ${i}\r\n\r\nArchived message ${i}.\r\n`,
      {
        flags: ["\\Seen"],
        date: day(i),
      },
    );
  if (options.bulk) {
    store.addUser("bulk", "bulk-pass");
    for (let i = 1; i <= options.bulk; i++)
      store.add(
        "bulk",
        "INBOX",
        `From: Sender ${i % 7} <sender${i % 7}@example.org>\r\nSubject: Bulk message ${i}\r\n\r\nThis is bulk message number ${i}.\r\n`,
        {
          date: day(1 + (i % 28)),
        },
      );
  }
  return store;
}
