// Building replies. Text is in binary strings (one character per byte), turned into bytes
// only here, so article data in any charset goes out as it was stored.
import { dotStuff } from "@inetlib/socket";

/** Step is the server's answer to one line, and what to do after sending it. */
export interface Step {
  reply: Buffer;
  /** "close" ends the session; "starttls" and "compress" start those layers; "body" reads a dot-terminated article next. */
  after?: "close" | "starttls" | "compress" | "body";
}

/** bin turns text (UTF-8) into a binary string. */
export function bin(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** line is a one-line reply. */
export function line(text: string): Step {
  return { reply: Buffer.from(`${text}\r\n`, "latin1") };
}

/** block is a status line and a dot-stuffed block of text lines. */
export function block(status: string, lines: readonly string[]): Step {
  const body = lines.map((l) => (l.startsWith(".") ? `.${l}` : l)).join("\r\n");
  return {
    reply: Buffer.from(`${status}\r\n${body}${lines.length > 0 ? "\r\n" : ""}.\r\n`, "latin1"),
  };
}

/** data is a status line and a dot-stuffed block of bytes (CRLF lines). */
export function data(status: string, bytes: Buffer): Step {
  return {
    reply: Buffer.concat([Buffer.from(`${status}\r\n`, "latin1"), dotStuff(bytes, { fixEols: false })]),
  };
}
