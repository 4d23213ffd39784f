// The tour's embedded servers, from @inetlib/testing, on 127.0.0.1 and free ports: a gopher
// hole, a news spool, a file tree, a telnet shell, a web server, and a mail system whose SMTP server
// delivers into the mailboxes its POP3 and IMAP servers serve.

import { SimpleXMLRPCDispatcher } from "@inetlib/http";
import {
  demoFileTree,
  demoHole,
  demoMaildrop,
  demoMailstore,
  demoSpool,
  FTPServer,
  GopherServer,
  HTTPTestServer,
  IMAPServer,
  NNTPServer,
  POP3Server,
  pop3TestCA,
  SMTPServer,
  TelnetServer,
} from "@inetlib/testing";
import type { TourTargets } from "./types.js";

/** LocalServers are the running embedded servers and where the tour finds them. */
export interface LocalServers extends AsyncDisposable {
  targets: TourTargets;
  close(): Promise<void>;
}

const MAIL_DOMAIN = "inetlib.test";

/** startLocal starts every embedded server the tour visits. */
export async function startLocal(): Promise<LocalServers> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  try {
    const gopher = await GopherServer.start(demoHole());
    closers.push(() => gopher.close());

    const news = await NNTPServer.open({ spool: demoSpool({ bigArticles: 50 }) });
    closers.push(() => news.close());
    const ftp = await FTPServer.open({ tree: demoFileTree(), users: { inetlib: "inetlib-pass" } });
    closers.push(() => ftp.close());
    const telnet = await TelnetServer.open();
    closers.push(() => telnet.close());
    // The XML-RPC methods of the interop daemon's server (test/daemons/xmlrpc-server.py), in part.
    const rpc = new SimpleXMLRPCDispatcher({ allow_none: true });
    rpc.register_function((a, b) => Number(a) + Number(b), "add");
    rpc.register_function((x) => x, "echo");
    rpc.register_function(() => new Date(), "now");
    rpc.register_introspection_functions();
    const web = await HTTPTestServer.start({ xmlrpc: (body) => rpc._marshaled_dispatch(body) });
    closers.push(() => web.close());

    const maildrop = demoMaildrop({ bulk: 0 });
    const pop3 = await POP3Server.open({ maildrop, tls: true });
    closers.push(() => pop3.close());
    const mailstore = demoMailstore();
    const imap = await IMAPServer.open({ store: mailstore, tls: true });
    closers.push(() => imap.close());
    const smtp = await SMTPServer.start({
      hostname: `mail.${MAIL_DOMAIN}`,
      // The one delivery agent: every accepted message lands in the recipient's maildrop (POP3)
      // and INBOX (IMAP), as an MTA delivering to a mail store both servers read.
      deliver: (rcpt, message) => {
        const [local, domain] = rcpt.split("@");
        if (domain?.toLowerCase() !== MAIL_DOMAIN || !maildrop.user(local!) || !mailstore.hasUser(local!))
          return "550 5.1.1 No such user";
        maildrop.add(local!, message.data);
        mailstore.add(local!, "INBOX", message.data);
      },
    });
    closers.push(() => smtp.close());

    const targets: TourTargets = {
      where: "embedded servers from @inetlib/testing on 127.0.0.1",
      cafile: pop3TestCA,
      tlsHost: "localhost",
      gopher: { host: gopher.host, port: gopher.port },
      news: { host: "127.0.0.1", port: news.port, group: "local.test" },
      mail: {
        smtp: { host: smtp.host, port: smtp.port, login: null },
        pop3: { host: "127.0.0.1", port: pop3.port, user: "bob", password: "bob-pass" },
        imap: { host: "127.0.0.1", port: imap.port, user: "bob", password: "bob-pass" },
        from: `tour@${MAIL_DOMAIN}`,
        to: `bob@${MAIL_DOMAIN}`,
        deliveryTimeout: 5,
      },
      ftp: {
        host: "127.0.0.1",
        port: ftp.port,
        user: "inetlib",
        password: "inetlib-pass",
        uploadDir: "incoming",
      },
      telnet: {
        host: "127.0.0.1",
        port: telnet.port,
        user: "inetlib",
        password: "inetlib-pass",
        command: "echo hello from the shell",
      },
      http: { url: `http://127.0.0.1:${web.port}/hello`, xmlrpc: `http://127.0.0.1:${web.port}/RPC2` },
    };
    return { targets, close, [Symbol.asyncDispose]: close };
  } catch (err) {
    await close();
    throw err;
  }
}
