// The news step: the newsgroups, then the newest article of one.
import { decode_header, NNTP } from "@inetlib/nntp";
import type { TourStep } from "../types.js";

/** newsStep lists the groups and reads the newest article of the target's group. */
export const newsStep: TourStep = {
  name: "news",
  title: "news: the newsgroups and the newest article of a group (@inetlib/nntp, Python's nntplib)",
  async run(t, show) {
    const { host, port, group } = t.news;
    show.call(`await NNTP.open(${JSON.stringify(host)}, ${port})`);
    await using s = await NNTP.open(host, port, {
      timeout: show.timeout,
      usenetrc: false,
      ...(show.signal ? { signal: show.signal } : {}),
    });
    show.result(s.getwelcome());
    show.call(`await s.list("local.*")   // [resp, [[group, last, first, flag], ...]]`);
    const [, groups] = await s.list("local.*");
    show.result(
      groups
        .map(
          ([name, last, first, flag]) =>
            `${name.padEnd(16)} last ${Number(last)}, first ${Number(first)}, ${flag === "y" ? "posting allowed" : flag}`,
        )
        .join("\n"),
    );
    show.call(`await s.group(${JSON.stringify(group)})   // [resp, count, first, last, name]`);
    const [resp, count, first, last] = await s.group(group);
    show.result(`${resp}   (${count} articles, ${first}-${last})`);
    show.call(`await s.article(${last})`);
    const [, info] = await s.article(last);
    show.result(info.lines.map((l) => decodeLine(l.toString("utf8"))).join("\n"));
    await s.quit();
    show.cli(`inetlib get nntp://${host}:${port}/${group}/${last}`);
  },
};

function decodeLine(line: string): string {
  if (!/^(Subject|From):/i.test(line)) return line;
  try {
    return decode_header(line);
  } catch {
    return line;
  }
}
