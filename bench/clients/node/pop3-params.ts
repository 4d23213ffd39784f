// The parameters every POP3 client program takes.

/** Pop3Params: RETR messages 1..count on one connection, then leave without QUIT (nothing is committed). */
export interface Pop3Params {
  host: string;
  port: number;
  user: string;
  password: string;
  count: number;
  /** inetlib only: "sequential" (Python's loop) or "pipelined" (retr_many). */
  mode?: "sequential" | "pipelined";
}
