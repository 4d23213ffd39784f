// Every argument of an operation is checked before its first command goes out: an operation
// of several commands (TYPE, PASV, REST, then RETR; RNFR then RNTO; USER then PASS) must not
// send the first ones and then refuse the last.
import { checkArgument } from "@inetlib/socket";

/** checkArgs throws ValueError (ftplib's message) when a part holds CR, LF or NUL; null and numbers pass. */
export function checkArgs(...parts: ReadonlyArray<string | number | null | undefined>): void {
  for (const part of parts) if (typeof part === "string") checkArgument(part);
}
