// The message workloads: SMTP, POP3, IMAP, NNTP and Gopher.
import { join } from "node:path";
import { host, ports, seeded, users } from "../../test/interop/env.js";
import { chatty, curl, fetchTo, node, PY, python, q, repeat } from "./clients.js";
import type { ClientSpec, Workload } from "./model.js";
import { clearRecordings, resetGophernicusThrottle, SMTP_FROM, SMTP_HELO, type TempDir } from "./scratch.js";
import type { Plan } from "./workloads.js";

/** messageWorkloads lists the mail, news and gopher workloads of the plan. */
export function messageWorkloads(plan: Plan, tmp: TempDir): Workload[] {
  const out: Workload[] = [];
  // ---- SMTP ----
  const message = tmp.write("message.eml", smtpMessage());
  const smtpP = {
    host,
    port: ports.smtpRecorder,
    from: SMTP_FROM,
    to: "sink@example.org",
    message,
    count: plan.smtpCount,
  };
  out.push({
    id: "smtp",
    title: `SMTP ${plan.smtpCount.toLocaleString("en")} messages, one connection (aiosmtpd recorder)`,
    group: "chatty",
    daemon: { name: "smtp-recorder", port: ports.smtpRecorder },
    expect: { ops: plan.smtpCount },
    targets: chatty(1, 1.5),
    teardown: async () => void clearRecordings(),
    clients: [
      node("inetlib", "inetlib sendmail()", "inetlib", "smtp-inetlib", smtpP),
      node("inetlib-pipelined", "inetlib sendmail_many() (pipelined)", "inetlib", "smtp-inetlib", {
        ...smtpP,
        mode: "pipelined",
      }),
      python("Python smtplib", "smtp_stdlib.py", smtpP),
      curl(tmp, "smtp", [
        `mail-from = ${q(SMTP_FROM)}`,
        `mail-rcpt = ${q(smtpP.to)}`,
        ...repeat(
          [`url = ${q(`smtp://${host}:${ports.smtpRecorder}/${SMTP_HELO}`)}`, `upload-file = ${q(message)}`],
          plan.smtpCount,
        ),
      ]),
      node("nodemailer", "nodemailer (pool of 1)", "node", "smtp-nodemailer", smtpP),
      node("raw", "bare node:net loop (sequential)", "raw", "smtp-raw", smtpP),
    ],
    note: "A 1 KiB message; the recorder writes each one to disk, and the bench deletes its own afterwards. sendmail_many() is told to pipeline (`pipelining: true`): the recorder (aiosmtpd) does not offer PIPELINING in its EHLO but reads commands in order, as RFC 2920 servers do.",
  });

  // ---- POP3 ----
  const bulk = { host, user: users.bulk.user, password: users.bulk.password };
  const pop3P = { ...bulk, port: ports.pop3, count: plan.pop3Count };
  const imapAccess = { ...bulk, port: ports.imap, mailbox: "INBOX" };
  const flagsFile = tmp.write("bulk-seen.json", "[]");
  const flags = (mode: "save" | "restore") => async (): Promise<void> => {
    const { execFileSync } = await import("node:child_process");
    execFileSync("python3", [join(PY, "imap_flags.py"), mode, JSON.stringify(imapAccess), flagsFile], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  };
  const restore = flags("restore");
  const withRestore = (c: ClientSpec): ClientSpec => ({ ...c, after: restore });
  out.push({
    id: "pop3",
    title: `POP3 RETR of ${plan.pop3Count.toLocaleString("en")} messages, one connection (dovecot)`,
    group: "chatty",
    daemon: { name: "dovecot", port: ports.pop3 },
    expect: { ops: plan.pop3Count },
    targets: chatty(1, 2),
    setup: flags("save"),
    teardown: restore,
    clients: [
      node("inetlib", "inetlib retr()", "inetlib", "pop3-inetlib", { ...pop3P, mode: "sequential" }),
      node("inetlib-pipelined", "inetlib iter_retr_many() (pipelined)", "inetlib", "pop3-inetlib", {
        ...pop3P,
        mode: "pipelined",
      }),
      python("Python poplib", "pop3_stdlib.py", pop3P),
      curl(
        tmp,
        "pop3",
        Array.from({ length: plan.pop3Count }, (_, i) =>
          fetchTo(`pop3://${bulk.user}:${bulk.password}@${host}:${ports.pop3}/${i + 1}`),
        ).flat(),
      ),
      node("node-pop3", "node-pop3", "node", "pop3-node-pop3", pop3P),
      node("raw", "bare node:net loop (sequential)", "raw", "pop3-raw", pop3P),
    ].map(withRestore),
    note: "dovecot marks every RETRieved message \\Seen when the session ends (QUIT or not): the bench saves the flags first and puts them back after every run. The bare node:net loop is the floor for any sequential Node client.",
  });

  // ---- IMAP ----
  for (const op of ["headers", "bodies"] as const) {
    const imapP = { ...imapAccess, op, count: plan.imapCount };
    out.push({
      id: `imap-${op}`,
      title: `IMAP FETCH ${op === "headers" ? "BODY.PEEK[HEADER]" : "BODY.PEEK[]"} of ${plan.imapCount.toLocaleString("en")} messages (dovecot)`,
      group: "chatty",
      daemon: { name: "dovecot", port: ports.imap },
      expect: { ops: plan.imapCount },
      targets: chatty(1, 2),
      clients: [
        node("inetlib", "inetlib fetch()", "inetlib", "imap-inetlib", imapP),
        python("Python imaplib", "imap_stdlib.py", imapP),
        node("imapflow", "imapflow fetch()", "node", "imap-imapflow", imapP),
        node("raw", "bare node:net loop", "raw", "imap-raw", imapP),
      ],
      note: "One FETCH 1:N after EXAMINE (read-only, nothing changes); curl's IMAP SELECTs and FETCHes BODY[] one message per URL, which would set \\Seen, so it is left out.",
    });
  }

  // ---- NNTP ----
  const nntpP = { host, port: ports.nntp, group: "local.big" };
  out.push({
    id: "nntp-over",
    title: `NNTP OVER of local.big (${seeded.nntpBigArticles.toLocaleString("en")} articles, INN)`,
    group: "chatty",
    daemon: { name: "INN nnrpd", port: ports.nntp },
    expect: { ops: seeded.nntpBigArticles },
    targets: chatty(1, 2),
    clients: [
      node("inetlib", "inetlib over()", "inetlib", "nntp-inetlib", { ...nntpP, op: "over" }),
      python("Python nntplib", "nntp_stdlib.py", { ...nntpP, op: "over" }),
      node("raw", "bare node:net loop", "raw", "nntp-raw", { ...nntpP, op: "over" }),
    ],
    note: "No Node library is in common use for NNTP, and curl does not speak it.",
  });
  const artP = { ...nntpP, op: "article", count: plan.articleCount };
  out.push({
    id: "nntp-article",
    title: `NNTP ARTICLE ×${plan.articleCount} (INN)`,
    group: "chatty",
    daemon: { name: "INN nnrpd", port: ports.nntp },
    expect: { ops: plan.articleCount },
    targets: chatty(1, 2),
    clients: [
      node("inetlib", "inetlib article()", "inetlib", "nntp-inetlib", { ...artP, mode: "sequential" }),
      node("inetlib-pipelined", "inetlib articles() (pipelined)", "inetlib", "nntp-inetlib", {
        ...artP,
        mode: "pipelined",
      }),
      python("Python nntplib", "nntp_stdlib.py", artP),
      node("raw", "bare node:net loop (sequential)", "raw", "nntp-raw", artP),
    ],
    note: "INN's nnrpd stalls about 44 ms on every sequential multi-line response (FACTS.md); nntplib can only go one at a time.",
  });

  // ---- Gopher ----
  const gopherP = { host, port: ports.gopher, selector: "", count: plan.gopherCount };
  const unthrottle = async (): Promise<void> => void resetGophernicusThrottle();
  out.push({
    id: "gopher",
    title: `Gopher root menu ×${plan.gopherCount.toLocaleString("en")} (gophernicus)`,
    group: "chatty",
    daemon: { name: "gophernicus", port: ports.gopher },
    expect: { ops: plan.gopherCount },
    targets: chatty(1),
    setup: async () => {
      resetGophernicusThrottle();
      const seconds = await menuSeconds(host, ports.gopher);
      if (seconds > 0.5)
        return `gophernicus takes ${seconds.toFixed(1)} s per menu: it is throttling 127.0.0.1 (over 4,096 hits in its session) and the bench could not reset it (needs root)`;
    },
    clients: [
      node("inetlib", "inetlib Gopher.menu()", "inetlib", "gopher-inetlib", gopherP),
      python("Python socket + gopherlib's parsing", "gopher_socket.py", gopherP),
      curl(tmp, "gopher", repeat(fetchTo(`gopher://${host}:${ports.gopher}/1`), plan.gopherCount)),
      node("raw", "bare node:net loop", "raw", "gopher-raw", gopherP),
    ].map((c) => ({ ...c, before: unthrottle })),
    note: "A connection per request, as Gopher has it. Python 3 has no gopherlib: a socket and Python 2's parsing stand in. curl does not parse the menu. gophernicus sleeps a second per answer after 4,096 hits from one address in 30 minutes: the bench resets its hit counters before every run.",
  });
  return out;
}

/** menuSeconds times one request for the root menu (to see whether the server throttles). */
async function menuSeconds(h: string, port: number): Promise<number> {
  const net = await import("node:net");
  const t0 = performance.now();
  const ok = await new Promise<boolean>((resolve) => {
    const sock = net.connect(port, h, () => sock.end("\r\n"));
    sock.setTimeout(5000, () => sock.destroy());
    sock.on("data", () => {});
    sock.on("end", () => resolve(true));
    sock.on("close", () => resolve(false));
    sock.on("error", () => resolve(false));
  });
  return ok ? (performance.now() - t0) / 1000 : Number.POSITIVE_INFINITY;
}

function smtpMessage(): string {
  const body = Array.from(
    { length: 12 },
    (_, i) => `Line ${String(i).padStart(2, "0")} of the benchmark message: ${"abcdefghij".repeat(3)}`,
  );
  body.splice(6, 0, ".A line that starts with a dot, to be stuffed.");
  return [
    `From: inetlib bench <${SMTP_FROM}>`,
    "To: Sink <sink@example.org>",
    "Subject: inetlib benchmark message",
    "Date: Thu, 01 Jan 2026 00:00:00 +0000",
    `Message-ID: <bench@${SMTP_HELO}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    ...body,
    "",
  ].join("\r\n");
}
