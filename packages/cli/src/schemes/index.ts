// The schemes `inetlib get` speaks: the table the help prints, each scheme's code in its own
// file, loaded only when a URL of that scheme is fetched.
import type { Scheme } from "./scheme.js";

export type { Phase, Refusal, Scheme } from "./scheme.js";

/** SchemeEntry is a row of the table: the URL schemes, their forms for the help, the code. */
export interface SchemeEntry {
  readonly schemes: readonly string[];
  /** The URL forms and what get does with each. */
  readonly help: readonly [form: string, what: string][];
  load(): Promise<Scheme>;
}

/** SCHEMES are the URL scheme families, in the order the help lists them (the local ones last). */
export const SCHEMES: readonly SchemeEntry[] = [
  {
    schemes: ["ftp", "ftps"],
    help: [
      [
        "ftp://[USER[:PASSWORD]@]HOST[:PORT]/DIR/",
        "the directory's listing (LIST); anonymous without a user",
      ],
      ["ftp://HOST/PATH/FILE", "the file (binary); ;type=a for text, ;type=d for names only"],
      ["ftps://HOST/PATH/FILE", "the same over implicit TLS (port 990); --starttls for AUTH TLS"],
    ],
    load: async () => (await import("./ftp.js")).ftp,
  },
  {
    schemes: ["gopher", "gophers"],
    help: [
      ["gopher://HOST[:PORT]/1SELECTOR", "a menu, drawn for a terminal"],
      ["gopher://HOST/0SELECTOR", "a text item"],
      ["gopher://HOST/9SELECTOR", "a binary item (use -o FILE)"],
      ["gopher://HOST/7SELECTOR%09QUERY", "a type-7 search"],
      ["gopher://HOST/0SELECTOR%09%09+VIEW", "a Gopher+ view; %09%09! for attributes"],
      ["gophers://HOST/...", "the same over TLS"],
    ],
    load: async () => (await import("./gopher.js")).gopher,
  },
  {
    schemes: ["http", "https"],
    help: [
      [
        "http://[USER[:PASSWORD]@]HOST[:PORT]/PATH",
        "the page (GET; redirects followed; Basic auth with a user)",
      ],
      ["https://...", "the same over TLS"],
    ],
    load: async () => (await import("./http.js")).http,
  },
  {
    schemes: ["imap", "imaps"],
    help: [
      ["imap://USER[;AUTH=MECH]@HOST[:PORT]/", "the mailboxes"],
      ["imap://USER@HOST/MAILBOX", "the messages: UID, flags, date, from, subject (read-only)"],
      ["imap://USER@HOST/MAILBOX?SEARCH", "the messages an IMAP search finds (?UNSEEN, ?SUBJECT%20hi)"],
      ["imap://USER@HOST/MAILBOX/;UID=N", "a message by UID; /;SECTION=1 a part, /;PARTIAL=0.1024 a range"],
      ["imaps://USER@HOST/...", "the same over TLS (port 993); --starttls for STARTTLS"],
    ],
    load: async () => (await import("./imap.js")).imap,
  },
  {
    schemes: ["news", "nntp", "newss", "nntps", "snews"],
    help: [
      ["news://HOST[:PORT]/GROUP", "the group's articles (number, date, from, subject)"],
      ["news:GROUP", "the same from $NNTPSERVER (else localhost)"],
      ["news://HOST/MESSAGE-ID", "an article by message-id (<> optional)"],
      ["nntp://HOST/GROUP/N", "article N of the group"],
      ["news://HOST/ or news://HOST/WILDMAT", "the newsgroups (news://HOST/comp.*)"],
      ["newss://HOST/...", "the same over TLS (port 563); --starttls for STARTTLS"],
    ],
    load: async () => (await import("./nntp.js")).nntp,
  },
  {
    schemes: ["pop", "pops", "pop3", "pop3s"],
    help: [
      ["pop://USER[;AUTH=MECH]@HOST[:PORT]/", "the maildrop's scan listing (number and size)"],
      ["pop://USER@HOST/N", "message N as stored"],
      ["pops://USER@HOST/N", "the same over TLS (port 995); --starttls for STLS"],
    ],
    load: async () => (await import("./pop3.js")).pop3,
  },
  {
    schemes: ["data"],
    help: [["data:[TYPE][;base64],DATA", "the bytes the URL carries (RFC 2397), as urlopen gives them"]],
    load: async () => (await import("./local.js")).local,
  },
  {
    schemes: ["file"],
    help: [["file:///PATH, file://localhost/PATH", "a file on this host, as urlopen opens it"]],
    load: async () => (await import("./local.js")).local,
  },
];

/** schemeFor finds the entry serving a URL scheme ("pops"), or undefined. */
export function schemeFor(name: string): SchemeEntry | undefined {
  return SCHEMES.find((s) => s.schemes.includes(name.toLowerCase()));
}
