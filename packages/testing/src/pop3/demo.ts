// A realistic maildrop for the tour, the examples and quick experiments: a few personal
// messages (one with dot-stuffed lines, one in UTF-8), an empty mailbox to deliver into, and a
// bulk mailbox of generated messages.
import { Maildrop } from "./maildrop.js";

export interface DemoMaildropOptions {
  /** Messages in bulk's mailbox (default 1000). */
  bulk?: number;
  /** Size of one large message in big's mailbox, in bytes (default 0: no such user). */
  bigMessageBytes?: number;
}

/** demoMaildropUsers are the demo maildrop's accounts (passwords as in test/daemons/config.env). */
export const demoMaildropUsers = {
  alice: { user: "alice", password: "alice-pass" },
  bob: { user: "bob", password: "bob-pass", token: "bob-oauth-token" },
  bulk: { user: "bulk", password: "bulk-pass" },
  big: { user: "big", password: "big-pass" },
} as const;

const DATE = "Tue, 14 Nov 2023 22:13:20 +0000";

/**
 * demoMaildrop returns a Maildrop with alice (4 messages), bob (none: deliver to him with
 * add()), bulk (`bulk` messages) and, when asked, big (one large message).
 */
export function demoMaildrop(options: DemoMaildropOptions = {}): Maildrop {
  const drop = new Maildrop();
  for (const u of Object.values(demoMaildropUsers)) drop.addUser(u.user, { ...u });
  const to = "Alice <alice@inetlib.test>";
  drop.add(
    "alice",
    message("Bob <bob@inetlib.test>", to, "Welcome", "Hi Alice,\n\nwelcome to the mailbox.\n\nBob\n", 1),
  );
  drop.add(
    "alice",
    message(
      "Carol <carol@example.org>",
      to,
      "Dots",
      "Lines that start with a dot travel dot-stuffed:\n.\n..\n.hidden\n...three dots\nThe end.\n",
      2,
    ),
  );
  drop.add(
    "alice",
    message(
      "Dieter <dieter@example.org>",
      to,
      `=?UTF-8?B?${Buffer.from("Grüße aus Köln").toString("base64")}?=`,
      "Viele Grüße aus Köln!\n",
      3,
      "text/plain; charset=utf-8",
    ),
  );
  drop.add("alice", message("Bob <bob@inetlib.test>", to, "Re: Welcome", "> welcome\n\nThanks!\n", 4));
  for (let i = 1; i <= (options.bulk ?? 1000); i++)
    drop.add(
      "bulk",
      message(
        `Sender ${i % 7} <sender${i % 7}@example.org>`,
        "bulk@inetlib.test",
        `Bulk message ${i}`,
        `This is bulk message number ${i}.\n${"x".repeat(i % 50)}\n`,
        100 + i,
      ),
    );
  const big = options.bigMessageBytes ?? 0;
  if (big > 0) {
    const line = `${"0123456789".repeat(7)}\r\n`;
    const head = message("Big <big@example.org>", "big@inetlib.test", "A large message", "", 5000);
    const lines = Math.max(0, Math.ceil((big - head.length) / line.length));
    drop.add("big", Buffer.concat([head, Buffer.from(line.repeat(lines))]));
  }
  return drop;
}

function message(
  from: string,
  to: string,
  subject: string,
  body: string,
  n: number,
  type = "text/plain",
): Buffer {
  const headers = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${DATE}`,
    `Message-ID: <demo-${n}@inetlib.test>`,
    "MIME-Version: 1.0",
    `Content-Type: ${type}`,
  ];
  return Buffer.from(`${headers.join("\r\n")}\r\n\r\n${body.replaceAll("\n", "\r\n")}`, "utf8");
}
