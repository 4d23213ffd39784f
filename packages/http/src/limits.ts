// The package's limits in one place. Each is Python's where Python has one.

/** _MAXLINE: the longest status, header or chunk-size line, as http.client's (LineTooLong past it). */
export const _MAXLINE = 65536;

/** _MAXHEADERS: the most header lines in a response head, as http.client's (HTTPException past it). */
export const _MAXHEADERS = 100;

/**
 * XMLRPC_MAX_RESPONSE: the largest XML-RPC response body read (ResponseError past it). Python
 * bounds only gzip-decoded bodies, at 20 MiB (gzip_decode's max_decode); the same bound here
 * applies to every body.
 */
export const XMLRPC_MAX_RESPONSE = 20 * 1024 * 1024;

/** MAX_REDIRECTIONS and MAX_REPEATS: HTTPRedirectHandler's limits (max_redirections, max_repeats). */
export const MAX_REDIRECTIONS = 10;
export const MAX_REPEATS = 4;
