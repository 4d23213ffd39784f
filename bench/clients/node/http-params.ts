// The parameters every HTTP client program takes.

/** HttpParams: one GET of a large `path` (get), or `count` keep-alive GETs of a small one (many). */
export interface HttpParams {
  host: string;
  port: number;
  op: "get" | "many";
  path: string;
  count?: number;
  blocksize: number;
  /** inetlib only: "readinto" (Python's loop) or "chunks" (the zero-copy iterator). */
  mode?: "readinto" | "chunks";
}
