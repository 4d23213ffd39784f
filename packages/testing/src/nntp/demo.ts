// A spool with the same groups and articles as the interop INN (test/daemons/seed.py), so the
// examples and the tour read the same news in-process as from the real server.
import { NewsSpool } from "./spool.js";

/** DemoSpoolOptions size the demo spool. */
export interface DemoSpoolOptions {
  /** Articles in local.test (default 20: odd ones start threads, even ones answer them). */
  testArticles?: number;
  /** Articles in local.big (default 2000). */
  bigArticles?: number;
  /** Domain of the Message-IDs and addresses (default "inetlib.test"). */
  domain?: string;
}

/** demoSpoolUsers are the logins the demo spool accepts. */
export const demoSpoolUsers: Readonly<Record<string, string>> = Object.freeze({ newsreader: "news-pass" });

const BASE_TIME = Date.UTC(2024, 0, 1);

/**
 * demoSpool returns local.test, local.big and local.empty as INN's interop setup has them, and
 * comp.lang.python with articles whose headers need decoding (RFC 2047, and raw Latin-1).
 */
export function demoSpool(options: DemoSpoolOptions = {}): NewsSpool {
  const dom = options.domain ?? "inetlib.test";
  const spool = new NewsSpool({ hostname: `news.${dom}`, users: { ...demoSpoolUsers } });
  const created = new Date(BASE_TIME);
  spool.addGroup("local.test", { description: "inetlib test group with a few articles.", created });
  spool.addGroup("local.big", { description: "inetlib test group with many articles.", created });
  spool.addGroup("local.empty", { description: "inetlib test group without articles.", created });
  spool.addGroup("comp.lang.python", { description: "The Python computer language.", created });
  const add = (group: string, i: number, refs: string) => {
    const suffix = group.split(".").pop();
    const date = new Date(BASE_TIME + i * 60_000);
    spool.post(
      [
        `Path: news.${dom}!not-for-mail`,
        `From: Tester <tester@${dom}>`,
        `Newsgroups: ${group}`,
        `Subject: ${group} article ${i}`,
        `Date: ${date.toUTCString()}`,
        `Message-ID: <${suffix}-${i}@${dom}>`,
        ...(refs ? [`References: ${refs}`] : []),
        "",
        `This is article ${i} in ${group}.`,
        "",
        ".A line starting with a dot.",
        // seed.py's articles end with an empty line (INN counts 4 lines): so do these.
        "",
        "",
      ].join("\r\n"),
      { arrived: date },
    );
  };
  for (let i = 1; i <= (options.testArticles ?? 20); i++)
    add("local.test", i, i % 2 === 0 ? `<test-${i - 1}@${dom}>` : "");
  for (let i = 1; i <= (options.bigArticles ?? 2000); i++) add("local.big", i, "");
  const python = [
    "From: =?ISO-8859-15?Q?Andr=E9?= <andre@example.org>\r\nSubject: =?ISO-8859-15?Q?D=E9buter_en_Python?=",
    "From: Eric Brunel <eric@example.org>\r\nSubject: Re: Message d'erreur incompr\xe9hensible (par moi)",
    "From: Demo User <nobody@example.net>\r\nSubject: Re: =?UTF-8?B?cHJvYmzDqG1lIGRlIG1hdHJpY2U=?=",
  ];
  python.forEach((head, k) => {
    const date = new Date(BASE_TIME + (k + 1) * 3_600_000);
    // Latin-1 on purpose in the second: a header that is not UTF-8 must survive as it is.
    spool.post(
      Buffer.from(
        `${head}\r\nNewsgroups: comp.lang.python\r\nDate: ${date.toUTCString()}\r\nMessage-ID: <python-${k + 1}@${dom}>\r\n\r\nSee the subject.\r\n`,
        "latin1",
      ),
      { arrived: date },
    );
  });
  return spool;
}
