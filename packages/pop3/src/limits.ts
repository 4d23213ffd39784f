// The bounds a POP3 client keeps, in one place. Each is an option of POP3 (same name in
// camelCase) where a caller may need another value.

/** _MAXLINE is poplib's limit on one line, terminator included (RFC 1939 says 512; Python allows 2048). */
export const _MAXLINE = 2048;

/**
 * MAX_RESPONSE_BYTES bounds a multi-line reply read into memory (retr, top, list, uidl, capa),
 * counted as poplib counts octets. Python has no bound; a server could otherwise fill memory.
 * The streaming forms (retr_iter) have none: they hold one line at a time.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** MAX_RESPONSE_LINES bounds the lines of a multi-line reply read into memory. */
export const MAX_RESPONSE_LINES = 2_000_000;

/**
 * PIPELINE_WINDOW is how many commands go out in one write when the server offers PIPELINING
 * (RFC 2449 6.6): enough to hide round trips, few enough that neither side's buffers fill
 * while the other is not reading.
 */
export const PIPELINE_WINDOW = 64;

/** SASL_INITIAL_RESPONSE_MAX: RFC 5034 4: no initial response when the AUTH line would exceed 255 octets. */
export const SASL_INITIAL_RESPONSE_MAX = 255;
