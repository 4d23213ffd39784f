// HTTPResponse._read_status's parsing of a status line, as a pure function.
import { BadStatusLine } from "./errors.js";

export interface StatusLine {
  version: string;
  status: number;
  reason: string;
}

/**
 * parseStatusLine splits "HTTP/1.1 200 OK\r\n" as Python does: version, a three-digit status
 * (100..999), and the rest as the reason (untrimmed). BadStatusLine otherwise.
 */
export function parseStatusLine(line: string): StatusLine {
  let version = "";
  let statusText = "";
  let reason = "";
  const m = /^\s*(\S+)\s+(\S+)(?:\s+([\s\S]*))?$/.exec(line);
  if (m) {
    version = m[1]!;
    statusText = m[2]!;
    reason = m[3] ?? "";
  }
  if (!version.startsWith("HTTP/")) throw new BadStatusLine(line);
  if (!/^\s*[+-]?\d+\s*$/.test(statusText)) throw new BadStatusLine(line);
  const status = Number.parseInt(statusText, 10);
  if (status < 100 || status > 999) throw new BadStatusLine(line);
  return { version, status, reason };
}
