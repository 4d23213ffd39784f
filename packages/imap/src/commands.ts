// imaplib's globals: ports, protocol versions, and the table of which command is allowed in
// which state, kept at the top as in Lib/imaplib.py. Every command method checks it before a
// byte is sent.

/** IMAP4_PORT is the standard IMAP port. */
export const IMAP4_PORT = 143;
/** IMAP4_SSL_PORT is the IMAP over TLS port (RFC 8314). */
export const IMAP4_SSL_PORT = 993;

/** AllowedVersions are the protocol versions a server must announce, most recent first. */
export const AllowedVersions: readonly string[] = ["IMAP4REV1", "IMAP4"];

/**
 * State is the session's state, as imaplib names it. IDLING is Python 3.14's: the state while
 * an Idler is active, in which no command is allowed.
 */
export type State = "NONAUTH" | "AUTH" | "SELECTED" | "LOGOUT" | "IDLING";

const ANY: readonly State[] = ["NONAUTH", "AUTH", "SELECTED", "LOGOUT"];
const AUTH: readonly State[] = ["AUTH", "SELECTED"];
const SELECTED: readonly State[] = ["SELECTED"];
const NONAUTH: readonly State[] = ["NONAUTH"];

/**
 * Commands maps each command to the states it is valid in (imaplib.Commands, with 3.14's
 * IDLE). xatom() adds unknown commands to it, valid in the state they were first used in.
 */
export const Commands: Record<string, readonly State[]> = {
  APPEND: AUTH,
  AUTHENTICATE: NONAUTH,
  CAPABILITY: ANY,
  CHECK: SELECTED,
  CLOSE: SELECTED,
  COMPRESS: AUTH,
  COPY: SELECTED,
  CREATE: AUTH,
  DELETE: AUTH,
  DELETEACL: AUTH,
  ENABLE: ["AUTH"],
  EXAMINE: AUTH,
  EXPUNGE: SELECTED,
  FETCH: SELECTED,
  GETACL: AUTH,
  GETANNOTATION: AUTH,
  GETQUOTA: AUTH,
  GETQUOTAROOT: AUTH,
  IDLE: AUTH,
  MYRIGHTS: AUTH,
  LIST: AUTH,
  LOGIN: NONAUTH,
  LOGOUT: ANY,
  LSUB: AUTH,
  MOVE: SELECTED,
  NAMESPACE: AUTH,
  NOOP: ANY,
  PARTIAL: SELECTED, // NB: obsolete
  PROXYAUTH: ["AUTH"],
  RENAME: AUTH,
  SEARCH: SELECTED,
  SELECT: AUTH,
  SETACL: AUTH,
  SETANNOTATION: AUTH,
  SETQUOTA: AUTH,
  SORT: SELECTED,
  STARTTLS: NONAUTH,
  STATUS: AUTH,
  STORE: SELECTED,
  SUBSCRIBE: AUTH,
  THREAD: SELECTED,
  UID: SELECTED,
  UNSUBSCRIBE: AUTH,
  UNSELECT: SELECTED,
};

/** isCommand tells whether `name` is in the Commands table (own keys only). */
export function isCommand(name: string): boolean {
  return Object.hasOwn(Commands, name);
}

/** illegalState is imaplib's message for a command used in a state it is not valid in. */
export function illegalState(name: string, state: string): string {
  return `command ${name} illegal in state ${state}, only allowed in states ${(Commands[name] ?? []).join(", ")}`;
}
