// The bounds an FTP client keeps, in one place. MAXLINE is Python's and can be changed per
// connection (`ftp.maxline`); the others are ours: Python reads replies and listings into
// memory without any bound, so a hostile server could fill it.

/** MAXLINE is ftplib.MAXLINE: the longest line, in characters, on the control channel and in retrlines(). */
export const MAXLINE = 8192;

/** MAX_REPLY_BYTES bounds one multi-line reply (FEAT, HELP, STAT); over it: ResponseTooLarge. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * MAX_LISTING_LINES bounds the lines nlst(), mlsd() and list() collect into memory; over it:
 * ResponseTooLarge. The streaming forms (retrlines with a callback, iterlines) have no bound.
 */
export const MAX_LISTING_LINES = 1_000_000;

/** FTP_PORT is ftplib.FTP_PORT, the control port; FTPS_PORT is implicit FTPS's (RFC 4217 has none; 990 by custom). */
export const FTP_PORT = 21;
export const FTPS_PORT = 990;

/** BLOCKSIZE is retrbinary's and storbinary's default block size, as Python's. */
export const BLOCKSIZE = 8192;
