// What an FTPServer offers and how it can be scripted: every reply can be replaced, any
// command added or redefined, and the transport's quirks (split replies, a lying PASV) staged.
import type { socket } from "@inetlib/socket";
import type { FileTree } from "./tree.js";

/** TLSCredentials are the server's certificate chain and key, as PEM file paths. */
export interface FTPTLSCredentials {
  certfile: string;
  keyfile?: string;
}

/** SessionHandle is what a scripted command handler may do with its session. */
export interface SessionHandle {
  readonly tree: FileTree;
  /** The current directory. */
  readonly cwd: string;
  /** The logged-in user, or null. */
  readonly user: string | null;
  /** Whether the control connection is on TLS. */
  readonly tls: boolean;
  /** Sends a reply: "\n" in `text` makes a multi-line reply (the code repeated with "-"); CRLF added. */
  reply(text: string): Promise<void>;
  /** Sends bytes on the control connection as they are. */
  send(bytes: string | Uint8Array): Promise<void>;
  /**
   * Opens the data connection the client asked for (PASV, EPSV, PORT or EPRT), with TLS after
   * PROT P. No 1xx reply is sent: the handler words its own.
   */
  openData(): Promise<socket>;
  /** Resolves a path against the current directory. */
  resolve(path: string): string;
  /** Ends the session: the control connection and any data connection close. */
  close(): Promise<void>;
}

/** Handler implements one command: `arg` is what follows the command and one space. */
export type Handler = (session: SessionHandle, arg: string) => void | Promise<void>;

/**
 * Respond replaces the server's reply to a command: return the reply text (multi-line with
 * "\n"), or undefined to let the server answer. `command` is upper-cased.
 */
export type Respond = (command: string, arg: string, session: SessionHandle) => string | undefined;

export interface FTPServerOptions {
  /** The files (default: an empty tree). */
  tree?: FileTree;
  /** The greeting; "\n" makes it multi-line (default "220 inetlib FTP server ready."). */
  welcome?: string;
  /** Users and their passwords (default { user: "pass" }). */
  users?: Record<string, string>;
  /** Accept "anonymous" and "ftp" with any password (default true). */
  anonymous?: boolean;
  /** A certificate: AUTH TLS, PBSZ and PROT are offered. `true`: the test certificate (localhost, 127.0.0.1, ::1). */
  tls?: FTPTLSCredentials | true;
  /** Refuse USER before AUTH TLS (530), as vsftpd's force_local_logins_ssl. */
  requireTLS?: boolean;
  /** Refuse transfers on clear data connections after AUTH TLS (521), as force_local_data_ssl. */
  requireProtP?: boolean;
  /** Refuse a TLS data connection that does not resume the control session (522), as vsftpd's require_ssl_reuse. */
  requireSessionReuse?: boolean;
  /** The address a 227 reply names instead of the server's own (a lying or NATed server). */
  pasvAddress?: string;
  /** Offer MLST in FEAT and serve MLSD (default true). */
  mlsd?: boolean;
  /** LIST's format (default "unix"). */
  listFormat?: "unix" | "dos";
  /** How paths in commands and listings are encoded (default "utf-8"). */
  encoding?: "utf-8" | "latin-1";
  /** Replace any reply: see Respond. */
  respond?: Respond;
  /** Add or redefine commands (upper-case names): see Handler. */
  handlers?: Record<string, Handler>;
  /** Cut every write on the control connection into pieces, each sent alone (exercises reassembly). */
  chunker?: (data: Buffer) => Buffer[];
  /** Seconds to wait for a data connection (default 10). */
  dataTimeout?: number;
  /** The time listings are written against (default: now). */
  now?: () => Date;
}
