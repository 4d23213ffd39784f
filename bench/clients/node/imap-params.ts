// The parameters every IMAP client program takes.

/**
 * ImapParams: EXAMINE the mailbox (read-only: nothing changes, not even \Recent), then FETCH
 * 1:count with BODY.PEEK[HEADER] (headers) or BODY.PEEK[] (bodies), in one command.
 */
export interface ImapParams {
  host: string;
  port: number;
  user: string;
  password: string;
  mailbox: string;
  op: "headers" | "bodies";
  count: number;
}
