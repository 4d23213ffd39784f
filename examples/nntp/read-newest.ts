// Read the newest articles of a group: the overview of the last few (nntplib's own demo does
// this), then their bodies fetched in one pipelined round trip.
//
//   tsx examples/nntp/read-newest.ts [nntp://host[:port]] [group] [count]
import { decode_header } from "@inetlib/nntp";
import { connect, type NNTPExample, runIfMain } from "./news.js";

/** Newest is one article as the example shows it. */
export interface Newest {
  number: number;
  author: string;
  subject: string;
  lines: number;
  firstLine: string;
}

export function readNewest(group = "local.test", count = 5): NNTPExample<Newest[]> {
  return async (target, log) => {
    await using s = await connect(target);
    const [, total, first, last, name] = await s.group(group);
    log(`Group ${name} has ${total} articles, range ${first} to ${last}`);
    const [, overviews] = await s.over([Math.max(first, last - count + 1), last]);
    const out: Newest[] = [];
    // One pipelined request for all the bodies: one round trip, not one per article.
    const numbers = overviews.map(([n]) => n);
    let i = 0;
    for await (const [, body] of s.bodies(numbers, { skipMissing: true })) {
      const [number, over] = overviews[i++]!;
      const author = decode_header(over.from ?? "")
        .split("<")[0]!
        .trim();
      const subject = decode_header(over.subject ?? "");
      const firstLine = body.lines.find((l) => l.length > 0)?.toString("utf8") ?? "";
      out.push({ number, author, subject, lines: Number(over[":lines"]), firstLine });
      log(
        `${String(number).padStart(7)} ${cut(author, 20).padEnd(20)} ${cut(subject, 42).padEnd(42)} (${over[":lines"]})`,
      );
      log(`        | ${cut(firstLine, 60)}`);
    }
    return out;
  };
}

function cut(s: string, lim: number): string {
  return s.length > lim ? `${s.slice(0, lim - 4)}...` : s;
}

await runIfMain(import.meta.url, (target, log) =>
  readNewest(process.argv[3] ?? "local.test", Number(process.argv[4] ?? 5))(target, log),
);
