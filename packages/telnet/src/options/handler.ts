// The contract between the negotiator and one option's handler. A handler says which sides of
// its option it agrees to (and which it asks for at connect); the negotiator runs RFC 1143 for
// it and calls back when the option turns on or off and when the server subnegotiates.
import type { Side } from "../negotiation.js";

/** Which sides of an option: `local` (we perform it: WILL), `remote` (the server does: DO). */
export interface Sides {
  local?: boolean;
  remote?: boolean;
}

/** What a handler can do on its connection. */
export interface OptionContext {
  /** The option this context is for. */
  readonly option: number;
  /** True when the option is on for that side. */
  enabled(side: Side): boolean;
  /** Asks (RFC 1143) for the option to be turned on or off on one side; resolves once sent. */
  request(side: Side, enable?: boolean): Promise<void>;
  /** Sends IAC SB <option> <content> IAC SE (every 255 doubled); resolves once sent. */
  subnegotiate(content: Uint8Array): Promise<void>;
  /** Prints a line of the connection's debug trace (at debug level 2 and up). */
  trace(message: string): void;
}

/**
 * OptionHandler handles one telnet option. Options without a handler are refused. Callbacks
 * run while received data is being processed: they must not wait; what they send goes out in
 * order with everything else.
 */
export interface OptionHandler {
  /** The option code (ECHO is 1, NAWS 31, ...). */
  readonly option: number;
  /** The sides we agree to enable when the server asks (DO for local, WILL for remote). */
  readonly accept?: Sides;
  /** The sides we ask for as soon as the connection is open. */
  readonly request?: Sides;
  /** Called once, when the handler is added to a connection. */
  attach?(ctx: OptionContext): void;
  /** The option turned on for `side`. */
  enabled?(side: Side, ctx: OptionContext): void;
  /** The option turned off for `side`. */
  disabled?(side: Side, ctx: OptionContext): void;
  /** IAC SB <option> ... IAC SE arrived while the option is on; `data` is what follows the option byte. */
  subnegotiation?(data: Buffer, ctx: OptionContext): void;
}
