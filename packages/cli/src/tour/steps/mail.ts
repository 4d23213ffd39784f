// The mail step: a message sent with SMTP, then read back from the recipient's mailbox with
// POP3 (after STLS, the certificate verified) and with IMAP.
import { isAbsolute, relative } from "node:path";
import { IMAP4 } from "@inetlib/imap";
import { POP3 } from "@inetlib/pop3";
import { SMTP } from "@inetlib/smtp";
import { create_default_context } from "@inetlib/socket";
import type { TourShow, TourStep, TourTargets } from "../types.js";

/** mailStep sends a message and reads it back. */
export const mailStep: TourStep = {
  name: "mail",
  title: "mail: sent with SMTP, read back with POP3 and IMAP (@inetlib/smtp, pop3, imap)",
  async run(t, show) {
    const stamp = `${Date.now().toString(36)}.${process.pid}`;
    const messageId = `<tour-${stamp}@inetlib.test>`;
    await send(t, show, messageId, stamp);
    await readPop3(t, show, messageId);
    await readImap(t, show, messageId);
  },
};

async function send(t: TourTargets, show: TourShow, messageId: string, stamp: string): Promise<void> {
  const { host, port, login } = t.mail.smtp;
  show.call(`await SMTP.open(${JSON.stringify(host)}, ${port})`);
  await using smtp = await SMTP.open(host, port, { timeout: show.timeout, ...sig(show) });
  if (login) await smtp.login(login.user, login.password);
  const message = [
    `From: inetlib tour <${t.mail.from}>`,
    `To: ${t.mail.to}`,
    `Subject: Hello from the inetlib tour (${stamp})`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
    "",
    "This message went out with SMTP and came back with POP3 and IMAP.",
    "",
  ].join("\r\n");
  show.call(`await smtp.sendmail(${JSON.stringify(t.mail.from)}, [${JSON.stringify(t.mail.to)}], message)`);
  const refused = await smtp.sendmail(t.mail.from, [t.mail.to], message);
  show.result(`refused: ${JSON.stringify(refused)}   (an empty dict: every recipient took it)`);
  await smtp.quit();
  show.cli(`inetlib send --from ${t.mail.from} --to ${t.mail.to} smtp://${host}:${port} message.eml`);
}

async function readPop3(t: TourTargets, show: TourShow, messageId: string): Promise<void> {
  const { port, user, password } = t.mail.pop3;
  const context = create_default_context({ cafile: t.cafile });
  const deadline = Date.now() + t.mail.deliveryTimeout * 1000;
  show.call(
    `await POP3.open(${JSON.stringify(t.tlsHost)}, ${port}); pop.stls(context); pop.user(...); pop.pass_(...)`,
  );
  for (;;) {
    // A POP3 session sees the maildrop as it was at login: look again until the message is in.
    const pop = await POP3.open(t.tlsHost, port, { timeout: show.timeout, ...sig(show) });
    try {
      await pop.stls(context);
      await pop.user(user);
      await pop.pass_(password);
      const [count, size] = await pop.stat();
      const found = await findById(pop, count, messageId);
      if (found !== null) {
        show.result(`stat(): [${count}, ${size}]   (messages, octets)`);
        show.call(`await pop.retr(${found})`);
        const [, lines] = await pop.retr(found);
        show.result(brief(lines.map((l) => l.toString("utf8"))));
        await pop.quit();
        show.cli(
          `inetlib get --starttls --cacert ${shown(t.cafile)} pop://${user}@${t.tlsHost}:${port}/${found}`,
        );
        return;
      }
      await pop.quit();
    } finally {
      await pop.close();
    }
    if (Date.now() > deadline) throw new Error(`the message did not arrive in ${t.mail.deliveryTimeout} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function readImap(t: TourTargets, show: TourShow, messageId: string): Promise<void> {
  const { port, user, password } = t.mail.imap;
  const context = create_default_context({ cafile: t.cafile });
  show.call(`await IMAP4.open(${JSON.stringify(t.tlsHost)}, ${port}); M.starttls(context); M.login(...)`);
  await using M = await IMAP4.open(t.tlsHost, port, { timeout: show.timeout, ...sig(show) });
  await M.starttls(context);
  await M.login(user, password);
  show.call(`await M.select("INBOX")`);
  const [, [exists]] = await M.select("INBOX");
  show.result(`['OK', [b'${String(exists)}']]   (the number of messages in INBOX)`);
  show.call(
    `await M.search_messages({ header: ["Message-ID", ${JSON.stringify(messageId)}] }, { uid: true })`,
  );
  const [uid] = await M.search_messages({ header: ["Message-ID", messageId] }, { uid: true });
  if (uid === undefined) throw new Error("the message is not in the IMAP mailbox");
  show.result(`[${uid}]`);
  show.call(`await M.fetch_messages(${uid}, "(FLAGS ENVELOPE BODY.PEEK[TEXT])", { uid: true })`);
  const [m] = await M.fetch_messages(uid, "(FLAGS ENVELOPE BODY.PEEK[TEXT])", { uid: true });
  const from = m?.envelope?.from[0];
  show.result(
    [
      `flags: ${(m?.flags ?? []).join(" ") || "(none)"}`,
      `from: ${from?.name ?? ""} <${from?.mailbox}@${from?.host}>`,
      `subject: ${m?.envelope?.subject ?? ""}`,
      `text: ${(m?.sections["BODY[TEXT]"] ?? Buffer.alloc(0)).toString("utf8").trim()}`,
    ].join("\n"),
  );
  show.call(`await M.uid("STORE", "${uid}", "+FLAGS", "(\\\\Deleted)"); await M.expunge()   // tidy up`);
  await M.uid("STORE", String(uid), "+FLAGS", "(\\Deleted)");
  await M.expunge();
  await M.logout();
  show.cli(
    `inetlib get --starttls --cacert ${shown(t.cafile)} 'imap://${user}@${t.tlsHost}:${port}/INBOX?UNSEEN'`,
  );
}

/** brief is a message with only its From, To, Subject and Date headers (a real MTA adds many). */
function brief(lines: string[]): string {
  const end = lines.indexOf("");
  const head = (end === -1 ? lines : lines.slice(0, end)).filter((l) => /^(From|To|Subject|Date):/i.test(l));
  const others = (end === -1 ? lines.length : end) - head.length;
  const body = end === -1 ? [] : lines.slice(end);
  return [
    ...head,
    ...(others > 0 ? [`(${others} more header line${others === 1 ? "" : "s"})`] : []),
    ...body,
  ].join("\n");
}

/** findById looks for the message with this Message-ID, newest first; its number or null. */
async function findById(pop: POP3, count: number, messageId: string): Promise<number | null> {
  for (let n = count; n >= 1 && n > count - 20; n--) {
    const [, head] = await pop.top(n, 0);
    if (head.some((l) => l.toString("latin1").toLowerCase() === `message-id: ${messageId}`.toLowerCase()))
      return n;
  }
  return null;
}

/** shown is a path as the `$ inetlib` lines show it: relative to the working directory when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function sig(show: TourShow): { signal?: AbortSignal } {
  return show.signal ? { signal: show.signal } : {};
}
