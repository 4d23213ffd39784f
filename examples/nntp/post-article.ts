// Post an article, then find it again by its Message-ID: nntplib's post() and article().
//
//   tsx examples/nntp/post-article.ts [nntp://user:secret@host[:port]] [group]
import { connect, type NNTPExample, runIfMain } from "./news.js";

/** Posted is what the example reports. */
export interface Posted {
  response: string;
  messageId: string;
  readBack: string[];
}

export function postArticle(group = "local.test"): NNTPExample<Posted> {
  return async (target, log) => {
    await using s = await connect(target);
    const messageId = `<inetlib-example-${Date.now()}-${process.pid}@inetlib.test>`;
    const article = Buffer.from(
      [
        "From: inetlib example <example@inetlib.test>",
        `Newsgroups: ${group}`,
        "Subject: Hello from @inetlib/nntp",
        `Message-ID: ${messageId}`,
        "",
        "This article was posted by examples/nntp/post-article.ts.",
        ".A line that starts with a dot travels dot-stuffed.",
        "",
      ].join("\n"), // bare LF on purpose: post() sends CRLF
    );
    const response = await s.post(article);
    log(`posted: ${response}`);
    const [resp, info] = await s.article(messageId);
    log(`read back: ${resp}`);
    const readBack = info.lines.map((l) => l.toString("utf8"));
    for (const line of readBack.slice(readBack.indexOf("") + 1)) log(`| ${line}`);
    return { response, messageId, readBack };
  };
}

await runIfMain(import.meta.url, (target, log) => postArticle(process.argv[3] ?? "local.test")(target, log));
