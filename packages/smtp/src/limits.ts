// The bounds an SMTP client keeps, in one place. Each has an option of SMTP (camelCase) where a
// caller may need another value.

/** _MAXLINE is smtplib's limit on one reply line, terminator included ("Line too long." above it). */
export const _MAXLINE = 8192;

/** _MAXCHALLENGE: after this many AUTH challenges smtplib gives up ("infinite loop"). */
export const _MAXCHALLENGE = 5;

/**
 * MAX_REPLY_LINES bounds the lines of one multi-line reply (Python has no bound: a server
 * could send "250-" lines for ever). Over it: SMTPResponseException(500, "Response too large.").
 */
export const MAX_REPLY_LINES = 10_000;

/** MAX_REPLY_BYTES bounds one multi-line reply in bytes, terminators included. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * MAX_HEADER_BYTES bounds the header section send_message() reads ahead of a streamed message
 * to find its addresses; the body is never held.
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * PIPELINE_WINDOW is how many commands go out in one write when the server offers PIPELINING
 * (RFC 2920): enough to hide round trips, few enough that neither side's buffers fill while
 * the other is not reading.
 */
export const PIPELINE_WINDOW = 100;
