// The bounds an IMAP4 client keeps, in one place. Each is an option of IMAP4 (same meaning,
// camelCase name) where a caller may need another value.

/**
 * _MAXLINE is imaplib's limit on one response line, CRLF included (1,000,000: RFC 2683
 * suggests far less, but a SEARCH answer on a large mailbox is one long line). A longer line
 * raises error("got more than 1000000 bytes").
 */
export const _MAXLINE = 1000000;

/**
 * _SAFE_BUF_SIZE is the piece a literal is read in (gh-119511): the announced size of a
 * literal is never allocated up front, memory grows only with the bytes that arrive.
 */
export const _SAFE_BUF_SIZE = 1 << 20;

/**
 * MAX_LITERAL_SIZE bounds a literal read into memory (a FETCHed body, a header, a quoted
 * mailbox name sent as a literal). Python has no bound: a server announcing {4294967295}
 * could make it read until memory runs out. A larger literal raises abort and closes the
 * connection (the rest of the response cannot be skipped safely); fetch_iter() streams bodies
 * of any size without this bound.
 */
export const MAX_LITERAL_SIZE = 64 * 1024 * 1024;

/** AUTHENTICATE_MAX_STEPS bounds the challenges of one AUTHENTICATE (a server that never stops). */
export const AUTHENTICATE_MAX_STEPS = 64;

/** LITERAL_MINUS_MAX is the largest non-synchronizing literal LITERAL- allows (RFC 7888). */
export const LITERAL_MINUS_MAX = 4096;

/**
 * MAX_UNTAGGED_RESPONSES bounds how many untagged responses one command may collect (a server
 * answering NOOP with "* 1 EXISTS" for ever). Python has no bound: memory grows until it runs
 * out. Past it the command raises abort and the connection is closed. A FETCH of every
 * message of a mailbox larger than this needs the option raised (or fetch_iter()).
 */
export const MAX_UNTAGGED_RESPONSES = 500000;

/**
 * MAX_UNTAGGED_BYTES bounds the bytes (lines and literals) of the untagged responses one
 * command may collect; past it the command raises abort and the connection is closed.
 */
export const MAX_UNTAGGED_BYTES = 256 * 1024 * 1024;

/** IDLE_EXIT_TIMEOUT is how long close and logout wait, in seconds, for IDLE to end after DONE before dropping the connection. */
export const IDLE_EXIT_TIMEOUT = 5;
