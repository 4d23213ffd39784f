// List the groups a server carries, with their article counts and descriptions: nntplib's
// list() and descriptions().
//
//   tsx examples/nntp/list-groups.ts [nntp://host[:port]]
import { connect, type NNTPExample, runIfMain } from "./news.js";

/** GroupLine is what the example prints for a group. */
export interface GroupLine {
  group: string;
  articles: number;
  flag: string;
  description: string;
}

export const listGroups: NNTPExample<GroupLine[]> = async (target, log) => {
  await using s = await connect(target);
  const [, groups] = await s.list();
  const [, descriptions] = await s.descriptions("*");
  const lines = groups.map(({ group, last, first, flag }) => ({
    group,
    // LIST ACTIVE gives the high and low water marks; the count is at most their distance.
    articles: Math.max(0, Number(last) - Number(first) + 1),
    flag,
    description: descriptions[group] ?? "",
  }));
  log(`${lines.length} groups on ${target.host}`);
  for (const g of lines)
    log(`${g.group.padEnd(20)} ${String(g.articles).padStart(6)} ${g.flag}  ${g.description}`);
  return lines;
};

await runIfMain(import.meta.url, listGroups);
