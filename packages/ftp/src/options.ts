// The options FTP and FTP_TLS take: Python's keyword arguments, and what Node adds.
import type { Address, DebugTrace } from "@inetlib/socket";

/** FTPOptions are FTP's keyword arguments, and the connection's AbortSignal. */
export interface FTPOptions {
  /**
   * Seconds any wait may take (connecting, each reply, data connections, the active-mode
   * accept); null blocks; left out: socket.getdefaulttimeout(), as Python's default.
   */
  timeout?: number | null;
  /** [host, port] to bind before connecting, for the control and the passive data connections. */
  source_address?: Address | null;
  /** How commands and replies are encoded: "utf-8" (default), "latin-1" or "ascii". */
  encoding?: string;
  /**
   * Try EPSV before PASV on IPv4 too (beyond Python; basic-ftp does): EPSV names only a port,
   * so a server behind NAT that puts its private address in PASV replies still works. A
   * refusal (5xx) or an unreadable 229 falls back to PASV for the rest of the connection.
   * Default false: PASV, as Python. The `epsv` attribute can be changed at any time.
   */
  epsv?: boolean;
  /** Aborting closes the connection; pending calls reject with AbortError. */
  signal?: AbortSignal;
  /** The trace set_debuglevel() prints through (replace its sink to capture the output). */
  debugtrace?: DebugTrace;
}

/** OpenOptions are open()'s options: FTPOptions and the port. */
export interface OpenOptions extends FTPOptions {
  port?: number;
}
