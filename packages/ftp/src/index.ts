// @inetlib/ftp: Python's ftplib (FTP, FTP_TLS) for Node.js, plus implicit FTPS, parsed listings
// and streaming transfers.
import { EOFError, OSError, SSLError } from "@inetlib/socket";
import { FTPError } from "./errors.js";

export { LookupError, UnicodeDecodeError } from "@inetlib/socket";
export {
  Error,
  error_perm,
  error_proto,
  error_reply,
  error_temp,
  FTPError,
  ResponseTooLarge,
} from "./errors.js";
export { type BinaryOptions, FTP, type StoreOptions } from "./ftp.js";
export type { FTPBase } from "./ftp-base.js";
export type { FTPData } from "./ftp-data.js";
export { FTP_TLS, type FTP_TLSOpenOptions, type FTP_TLSOptions } from "./ftp-tls.js";
export { ftpcp } from "./ftpcp.js";
export { type DownloadOptions, JOB_BLOCKSIZE, type UploadOptions } from "./jobs.js";
export { BLOCKSIZE, FTP_PORT, FTPS_PORT, MAX_LISTING_LINES, MAX_REPLY_BYTES, MAXLINE } from "./limits.js";
export {
  type FileInfo,
  type FileType,
  mlsdEntry,
  parseDosLine,
  parseList,
  parseMlsd,
  parseMlsdLine,
  parseMlsdTime,
  parseUnixLine,
} from "./list/index.js";
export type { ListOptions } from "./listing.js";
export type { FTPOptions, OpenOptions } from "./options.js";
export { type BinaryCallback, type LineCallback, print_line } from "./pumps.js";
export { parse150, parse227, parse229, parse257 } from "./replies.js";
export type { ReadableFile, ReadlineFile, UploadSource } from "./sources.js";
export type { Progress, TransferOptions } from "./transfer.js";

/** ftplib.all_errors: the classes an FTP call may raise that are not bugs in the caller. */
export const all_errors = [FTPError, OSError, EOFError, SSLError] as const;

/** CRLF and B_CRLF: ftplib's line terminator as text and bytes. */
export const CRLF = "\r\n";
export const B_CRLF = Buffer.from(CRLF);
/** MSG_OOB: the flag Python's abort() sends ABOR with (unused here: Node.js cannot send urgent data). */
export const MSG_OOB = 0x1;
