// The three options that only need agreeing to: ECHO, SGA and BINARY (RFC 857, 858, 856).
import { BINARY, ECHO, SGA } from "../codes.js";
import type { OptionHandler, Sides } from "./handler.js";

export interface BasicOptionOptions {
  /** Ask for the option when the connection opens instead of waiting for the server to. */
  request?: Sides;
}

/**
 * EchoHandler lets the server echo what we send (it says WILL ECHO, we answer DO ECHO), as
 * a login's password prompt and a shell expect. We never echo for the server. Whether the
 * server echoes is `tn.remote_enabled(ECHO)`.
 */
export class EchoHandler implements OptionHandler {
  readonly option = ECHO;
  readonly accept: Sides = { remote: true };
  readonly request: Sides;
  constructor(options: BasicOptionOptions = {}) {
    this.request = options.request ?? {};
  }
}

/** SuppressGoAheadHandler agrees to suppress GA both ways (RFC 858): full-duplex, character at a time. */
export class SuppressGoAheadHandler implements OptionHandler {
  readonly option = SGA;
  readonly accept: Sides = { local: true, remote: true };
  readonly request: Sides;
  constructor(options: BasicOptionOptions = {}) {
    this.request = options.request ?? {};
  }
}

/**
 * BinaryHandler agrees to 8-bit transmission both ways (RFC 856). While the server sends
 * BINARY, NUL and DC1 bytes are kept in the data instead of dropped as telnetlib drops them.
 */
export class BinaryHandler implements OptionHandler {
  readonly option = BINARY;
  readonly accept: Sides = { local: true, remote: true };
  readonly request: Sides;
  constructor(options: BasicOptionOptions = {}) {
    this.request = options.request ?? {};
  }
}
