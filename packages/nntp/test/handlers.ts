// CPython's test_nntplib scripted servers (NNTPv1Handler, NNTPv2Handler and their variants) as
// respond hooks of @inetlib/testing's NNTPServer: the same replies, byte for byte.
import type { NNTPRespond, NNTPScripted } from "@inetlib/testing";

/** lit is push_lit(): lines joined with CRLF, a final CRLF, UTF-8 encoded. */
export function lit(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");
}

const SAMPLE_HEAD = [
  'From: "Demo User" <nobody@example.net>',
  "Subject: I am just a test article",
  "Content-Type: text/plain; charset=UTF-8; format=flowed",
  "Message-ID: <i.am.an.article.you.will.want@example.com>",
];
const SAMPLE_BODY = [
  "This is just a test article.",
  "..Here is a dot-starting line.",
  "",
  "-- Signed by Andr\xe9.",
];
const SAMPLE_ARTICLE = [...SAMPLE_HEAD, "", ...SAMPLE_BODY];

const XOVER_57_59 = Buffer.from(
  "224 Overview information for 57-58 follows\n" +
    "57\tRe: ANN: New Plone book with strong Python (and Zope) themes throughout" +
    "\tDoug Hellmann <doug.hellmann-Re5JQEeQqe8AvxtiuMwx3w@public.gmane.org>" +
    "\tSat, 19 Jun 2010 18:04:08 -0400" +
    "\t<4FD05F05-F98B-44DC-8111-C6009C925F0C@gmail.com>" +
    "\t<hvalf7$ort$1@dough.gmane.org>\t7103\t16" +
    "\tXref: news.gmane.io gmane.comp.python.authors:57" +
    "\n" +
    "58\tLooking for a few good bloggers" +
    "\tDoug Hellmann <doug.hellmann-Re5JQEeQqe8AvxtiuMwx3w@public.gmane.org>" +
    "\tThu, 22 Jul 2010 09:14:14 -0400" +
    "\t<A29863FA-F388-40C3-AA25-0FD06B09B5BF@gmail.com>" +
    "\t\t6683\t16" +
    "\t" +
    "\n" +
    "59\tRe: Message d'erreur incompréhensible (par moi)" +
    "\tEric Brunel <eric.brunel@pragmadev.nospam.com>" +
    "\tWed, 15 Sep 2010 18:09:15 +0200" +
    "\t<eric.brunel-2B8B56.18091515092010@news.wanadoo.fr>" +
    "\t<4c90ec87$0$32425$ba4acef3@reader.news.orange.fr>\t1641\t27" +
    "\tXref: saria.nerim.net fr.comp.lang.python:1265" +
    "\n" +
    ".\n",
  "utf8",
);

/** PyHandler is NNTPv1Handler; set `version` 2 for NNTPv2Handler. */
export class PyHandler {
  welcome = "200 NNTP mock server";
  allow_posting = true;
  logged_in = false;
  user_sent = false;
  readonly version: 1 | 2;

  constructor(version: 1 | 2 = 1) {
    this.version = version;
  }

  /** respond is the hook to give NNTPServer (with `greeting: handler.welcome`). */
  readonly respond: NNTPRespond = (command, args) => {
    const tokens = args.split(" ").filter((t) => t !== "");
    const method = (this as unknown as Record<string, unknown>)[`handle_${command}`];
    if (typeof method !== "function") return lit("500 What?");
    return (method as (...a: string[]) => Buffer | NNTPScripted).apply(this, tokens);
  };

  handle_QUIT(): Buffer {
    return lit("205 Bye!");
  }

  handle_DATE(): Buffer {
    return lit("111 20100914001155");
  }

  handle_GROUP(group: string): Buffer {
    if (group === "fr.comp.lang.python") return lit("211 486 761 1265 fr.comp.lang.python");
    return lit(`411 No such group ${group}`);
  }

  handle_HELP(): Buffer {
    return lit(
      "100 Legal commands",
      "  authinfo user Name|pass Password|generic <prog> <args>",
      "  date",
      "  help",
      "Report problems to <root@example.org>",
      ".",
    );
  }

  handle_STAT(message_spec?: string): Buffer {
    if (message_spec === undefined) return lit("412 No newsgroup selected");
    if (message_spec === "3000234") return lit("223 3000234 <45223423@example.com>");
    if (message_spec === "<45223423@example.com>") return lit("223 0 <45223423@example.com>");
    return lit("430 No Such Article Found");
  }

  handle_NEXT(): Buffer {
    return lit("223 3000237 <668929@example.org> retrieved");
  }

  handle_LAST(): Buffer {
    return lit("223 3000234 <45223423@example.com> retrieved");
  }

  handle_LIST(action?: string, param?: string): Buffer {
    if (action === undefined)
      return lit(
        '215 Newsgroups in form "group high low flags".',
        "comp.lang.python 0000052340 0000002828 y",
        "comp.lang.python.announce 0000001153 0000000993 m",
        "free.it.comp.lang.python 0000000002 0000000002 y",
        "fr.comp.lang.python 0000001254 0000000760 y",
        "free.it.comp.lang.python.learner 0000000000 0000000001 y",
        "tw.bbs.comp.lang.python 0000000304 0000000304 y",
        ".",
      );
    if (action === "ACTIVE") {
      if (param === "*distutils*")
        return lit(
          '215 Newsgroups in form "group high low flags"',
          "gmane.comp.python.distutils.devel 0000014104 0000000001 m",
          "gmane.comp.python.distutils.cvs 0000000000 0000000001 m",
          ".",
        );
      return lit('215 Newsgroups in form "group high low flags"', ".");
    }
    if (action === "OVERVIEW.FMT")
      return lit(
        "215 Order of fields in overview database.",
        "Subject:",
        "From:",
        "Date:",
        "Message-ID:",
        "References:",
        "Bytes:",
        "Lines:",
        "Xref:full",
        ".",
      );
    if (action === "NEWSGROUPS") {
      if (param === "comp.lang.python")
        return lit(
          '215 Descriptions in form "group description".',
          "comp.lang.python\tThe Python computer language.",
          ".",
        );
      if (param === "comp.lang.python*")
        return lit(
          '215 Descriptions in form "group description".',
          "comp.lang.python.announce\tAnnouncements about the Python language. (Moderated)",
          "comp.lang.python\tThe Python computer language.",
          ".",
        );
      return lit('215 Descriptions in form "group description".', ".");
    }
    return lit("501 Unknown LIST keyword");
  }

  handle_NEWNEWS(group: string, date_str: string, time_str: string): Buffer {
    if (group === "comp.lang.python" && date_str === "20100913" && time_str === "082004")
      return lit(
        "230 list of newsarticles (NNTP v2) created after Mon Sep 13 08:20:04 2010 follows",
        "<a4929a40-6328-491a-aaaf-cb79ed7309a2@q2g2000vbk.googlegroups.com>",
        "<f30c0419-f549-4218-848f-d7d0131da931@y3g2000vbm.googlegroups.com>",
        ".",
      );
    if (group === "comp.lang.python" && date_str === "100913" && time_str === "082004")
      return lit(
        "230 list of newsarticles (NNTP v1) created after Mon Sep 13 08:20:04 2010 follows",
        "<a4929a40-6328-491a-aaaf-cb79ed7309a2@q2g2000vbk.googlegroups.com>",
        "<f30c0419-f549-4218-848f-d7d0131da931@y3g2000vbm.googlegroups.com>",
        ".",
      );
    if (
      group === "comp.lang.python" &&
      (date_str === "20100101" || date_str === "100101") &&
      time_str === "090000"
    )
      return lit(`${"too long line".repeat(3000)}\n.`);
    return lit("230 An empty list of newsarticles follows", ".");
  }

  handle_XOVER(message_spec?: string): Buffer {
    if (message_spec === "57-59") return XOVER_57_59;
    return lit("224 No articles", ".");
  }

  handle_OVER(message_spec?: string): Buffer {
    if (this.version === 1) return lit("500 What?");
    return this.handle_XOVER(message_spec);
  }

  handle_POST(): Buffer | NNTPScripted {
    if (!this.allow_posting) return lit("440 Posting not permitted");
    return this.#expectBody(lit("340 Input article; end with <CR-LF>.<CR-LF>"), "240 Article received OK");
  }

  handle_IHAVE(message_id: string): Buffer | NNTPScripted {
    if (this.allow_posting && message_id === "<i.am.an.article.you.will.want@example.com>")
      return this.#expectBody(lit("335 Send it; end with <CR-LF>.<CR-LF>"), "235 Article transferred OK");
    return lit("435 Article not wanted");
  }

  #sample(status: string, lines: string[]): Buffer {
    return Buffer.concat([lit(status), lit(...lines), lit(".")]);
  }

  handle_ARTICLE(message_spec?: string): Buffer {
    const status = this.#status(220, message_spec);
    return status ? this.#sample(status, SAMPLE_ARTICLE) : lit("430 No Such Article Found");
  }

  handle_HEAD(message_spec?: string): Buffer {
    const status = this.#status(221, message_spec);
    return status ? this.#sample(status, SAMPLE_HEAD) : lit("430 No Such Article Found");
  }

  handle_BODY(message_spec?: string): Buffer {
    const status = this.#status(222, message_spec);
    return status ? this.#sample(status, SAMPLE_BODY) : lit("430 No Such Article Found");
  }

  handle_AUTHINFO(cred_type: string): Buffer {
    if (this.logged_in) return lit("502 Already Logged In");
    if (cred_type === "user") {
      if (this.user_sent) return lit("482 User Credential Already Sent");
      this.user_sent = true;
      return lit("381 Password Required");
    }
    if (cred_type === "pass") {
      this.logged_in = true;
      return lit("281 Login Successful");
    }
    throw new Error(`Unknown cred type ${cred_type}`);
  }

  handle_CAPABILITIES(): Buffer {
    if (this.version === 1) return lit("500 What?");
    return lit(
      "101 Capability list:",
      "VERSION 2 3",
      "IMPLEMENTATION INN 2.5.1",
      ...(this.logged_in ? [] : ["AUTHINFO USER"]),
      "HDR",
      "LIST ACTIVE ACTIVE.TIMES DISTRIB.PATS HEADERS NEWSGROUPS OVERVIEW.FMT",
      "OVER",
      "POST",
      "READER",
      ".",
    );
  }

  handle_MODE(): Buffer {
    throw new Error("MODE READER sent despite READER has been advertised");
  }

  #status(code: number, spec: string | undefined): string | null {
    if (spec === undefined) return `${code} 3000237 <45223423@example.com>`;
    if (spec === "<45223423@example.com>") return `${code} 0 <45223423@example.com>`;
    if (spec === "3000234") return `${code} 3000234 <45223423@example.com>`;
    return null;
  }

  #expectBody(reply: Buffer, done: string): NNTPScripted {
    return { reply, body: () => lit(done) };
  }
}

/** CapsAfterLoginHandler allows CAPABILITIES only after login. */
export class CapsAfterLoginHandler extends PyHandler {
  constructor() {
    super(2);
  }
  override handle_CAPABILITIES(): Buffer {
    if (!this.logged_in) return lit("480 You must log in.");
    return super.handle_CAPABILITIES();
  }
}

/** ModeSwitchingHandler starts in transit mode (MODE-READER advertised). */
export class ModeSwitchingHandler extends PyHandler {
  switched = false;
  constructor() {
    super(2);
  }
  override handle_CAPABILITIES(): Buffer {
    return lit(
      "101 Capability list:",
      "VERSION 2 3",
      "IMPLEMENTATION INN 2.5.1",
      "HDR",
      "LIST ACTIVE ACTIVE.TIMES DISTRIB.PATS HEADERS NEWSGROUPS OVERVIEW.FMT",
      "OVER",
      "POST",
      `${this.switched ? "" : "MODE-"}READER`,
      ".",
    );
  }
  override handle_MODE(what?: string): Buffer {
    if (this.switched || what !== "reader") throw new Error(`unexpected MODE ${what}`);
    this.switched = true;
    return lit("200 Posting allowed");
  }
}
