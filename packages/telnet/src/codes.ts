// The telnet command and option codes as numbers, for the parser and the negotiator. The public
// names (constants.ts) are Python's one-byte Buffers; these are what the state machines compare.

/** Commands (RFC 854, 855). */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const AO = 245;
export const IP = 244;
export const BRK = 243;
export const DM = 242;
export const NOP = 241;
export const SE = 240;

/** The options with a ready handler (options/). */
export const BINARY = 0;
export const ECHO = 1;
export const SGA = 3;
export const TTYPE = 24;
export const NAWS = 31;
export const NEW_ENVIRON = 39;

/** The negotiation verbs. */
export type Verb = typeof DO | typeof DONT | typeof WILL | typeof WONT;

const COMMAND_NAMES: Record<number, string> = {
  255: "IAC",
  254: "DONT",
  253: "DO",
  252: "WONT",
  251: "WILL",
  250: "SB",
  249: "GA",
  248: "EL",
  247: "EC",
  246: "AYT",
  245: "AO",
  244: "IP",
  243: "BRK",
  242: "DM",
  241: "NOP",
  240: "SE",
};

/** commandName(253) is "DO"; an unknown code is its number. */
export function commandName(code: number): string {
  return COMMAND_NAMES[code] ?? String(code);
}

/** A one-byte value given as a number or as Python's one-byte bytes object. */
export function byteValue(value: number | Uint8Array, what = "option"): number {
  const n = typeof value === "number" ? value : value.length === 1 ? value[0] : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 255)
    throw new TypeError(`${what} must be a byte (0-255) or a bytes object of length 1`);
  return n;
}
