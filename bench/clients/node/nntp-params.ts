// The parameters every NNTP client program takes.

/** NntpParams: OVER of the whole `group` (over), or ARTICLE of its first `count` articles (article). */
export interface NntpParams {
  host: string;
  port: number;
  group: string;
  op: "over" | "article";
  count?: number;
  /** inetlib only: "sequential" (Python's loop) or "pipelined" (articles()). */
  mode?: "sequential" | "pipelined";
}
