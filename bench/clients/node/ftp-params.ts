// The parameters every FTP client program takes (Node and Python alike).

/** FtpParams: which FTP job to run, where, and how often. */
export interface FtpParams {
  host: string;
  port: number;
  user: string;
  password: string;
  /** retr: one download; stor: one upload of `local`; list/nlst: `count` listings of `path`; small: RETR each of `paths`. */
  op: "retr" | "stor" | "list" | "nlst" | "small";
  path: string;
  paths?: string[];
  local?: string;
  count?: number;
  blocksize: number;
  /** Explicit TLS (AUTH TLS, then PROT P: the data connections are encrypted too), trusting `ca`. */
  tls?: boolean;
  /** The CA file `tls` trusts (PEM). */
  ca?: string;
  /** Active mode (PORT: the server connects back) instead of passive. */
  active?: boolean;
}
