// The module-wide default timeout and Python's checks on timeout values.
import { ValueError } from "./errors.js";

let defaultTimeout: number | null = null;

/** socket.getdefaulttimeout(): the timeout new sockets start with (null: blocking). */
export function getdefaulttimeout(): number | null {
  return defaultTimeout;
}

/** socket.setdefaulttimeout(timeout). */
export function setdefaulttimeout(timeout: number | null): void {
  defaultTimeout = checkTimeout(timeout);
}

/** checkTimeout validates a timeout as settimeout() does: null or a non-negative number of seconds. */
export function checkTimeout(timeout: number | null | undefined): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== "number" || Number.isNaN(timeout))
    throw new TypeError("Timeout value must be a number or None");
  if (timeout < 0) throw new ValueError("Timeout value out of range");
  return timeout;
}
