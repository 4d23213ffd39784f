// The telnet client's bounds and sizes, in one place. telnetlib itself has no limits; these
// keep a hostile or broken server from growing memory without end.

/**
 * Bytes one subnegotiation (IAC SB ... IAC SE) may carry, option byte included. Longer ones are
 * dropped whole: the bytes past the bound are discarded as they arrive, so memory stays bounded
 * even when the IAC SE never comes. Real ones are a few dozen bytes (NEW-ENVIRON replies are
 * the longest); curl allows 512, telnetd 256.
 */
export const MAX_SUBNEGOTIATION = 8192;

/**
 * Bytes fill_rawq() asks recv() for: Python's 50. It keeps read_eager() returning what is
 * readily available in small steps rather than everything, as in Python.
 */
export const FILL_RAWQ_SIZE = 50;

/**
 * Bytes asked for by the reads that wait for more anyway (read_all, read_some, read_until,
 * expect, the async iterator): one recv() per Node chunk instead of one per 50 bytes.
 */
export const BULK_RECV_SIZE = 65536;

/**
 * Bytes of data the cooked queue may hold: what one read_until(), expect(), read_all() or
 * read_very_eager() may collect before its match (or the end) comes. telnetlib has no bound: a
 * server that never sends the match fills memory until the timeout (738 MB in 20 s on
 * loopback). Past it the read raises ResponseTooLarge and reads no more; what was collected
 * stays in the queue (read_very_lazy() takes it). The `maxRead` option raises it. 1 MiB, not
 * more: expect() runs its patterns over the whole queue at each arrival, as Python's does, so
 * the garbage it makes grows with the square of this bound.
 */
export const MAX_READ = 1024 * 1024;
