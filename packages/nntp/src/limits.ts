// The bounds an NNTP client keeps, in one place. _MAXLINE is Python's; the others are ours:
// Python reads every multi-line response into memory without a bound, so a hostile server
// could fill it. Each is an NNTP option (camelCase) where a caller may need another value.

/**
 * _MAXLINE is nntplib's limit on one line, terminator included. RFC 3977 limits lines to 512
 * octets; Python allows 2048 "just to be on the safe side". Longer: NNTPDataError('line too long').
 */
export const _MAXLINE = 2048;

/**
 * MAX_RESPONSE_BYTES bounds a multi-line response read into memory (article, list, over, ...),
 * in octets. Over it: NNTPDataError, and the connection is closed (the rest is unread). The
 * streaming forms (a `file` argument, over_iter, articles) hold one line or one article at a time.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** MAX_RESPONSE_LINES bounds the lines of a multi-line response read into memory. */
export const MAX_RESPONSE_LINES = 4_000_000;

/**
 * PIPELINE_WINDOW is how many commands articles(), heads(), bodies() and stats() keep in
 * flight. Every sequential round trip to INN's nnrpd costs ~45 ms (its Nagle waits for our
 * delayed ACK); a pipelined batch pays that once. Measured on 2,000 articles: one at a time
 * 91 s, window 32 2.9 s, 128 0.8 s, 512 0.14 s.
 */
export const PIPELINE_WINDOW = 256;

/**
 * PIPELINE_BYTES bounds the command bytes in flight, whatever the window: a server busy
 * writing long articles reads no commands, and what we send must then fit in the socket
 * buffers between us, or neither side would move.
 */
export const PIPELINE_BYTES = 32 * 1024;

/** AUTHINFO_SASL_MAX_STEPS bounds the challenges of one AUTHINFO SASL exchange; then "*" cancels it. */
export const AUTHINFO_SASL_MAX_STEPS = 16;
