// Waiting for new mail with IDLE (Python 3.14's idle()): the Idler yields the server's
// untagged responses as they come; on EXISTS, the new messages are fetched. In the demo, a
// message is delivered to the mailstore a moment after IDLE starts.
//
//   tsx examples/imap/wait-for-mail.ts [imap://user:password@host] [seconds]
import { type IMAPExample, login, runIfMain } from "./mailbox.js";

export function waitForMail(seconds = 60): IMAPExample<string[]> {
  return async (t, log) => {
    await using M = await login(t);
    const [, [count]] = await M.select();
    let known = Number(String(count));
    log(`${known} messages; waiting up to ${seconds} s for new mail (IDLE)`);
    const arrived: string[] = [];
    {
      await using idler = await M.idle(seconds);
      if (t.deliver)
        setTimeout(
          () => t.deliver?.("From: Dave <dave@example.org>\r\nSubject: Fresh news\r\n\r\nJust arrived.\r\n"),
          100,
        );
      for await (const [typ, data] of idler) {
        if (typ !== "EXISTS") continue;
        const now = Number(String(data[data.length - 1]));
        if (now <= known) continue;
        arrived.push(`${known + 1}:${now}`);
        known = now;
        break; // leave IDLE to fetch; a long-running client would idle again after
      }
    }
    for (const range of arrived)
      for (const msg of await M.fetch_messages(range, "(UID ENVELOPE)")) {
        log(`new: ${msg.envelope?.subject ?? "(no subject)"} (UID ${msg.uid})`);
      }
    if (arrived.length === 0) log("no new mail");
    return arrived;
  };
}

await runIfMain(import.meta.url, waitForMail(Number(process.argv[3] ?? 60)));
