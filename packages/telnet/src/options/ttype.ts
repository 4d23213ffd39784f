// TERMINAL-TYPE (RFC 1091): the server asks IAC SB TTYPE SEND IAC SE, we answer
// IAC SB TTYPE IS <name> IAC SE. Asked again, we go through our list of names; the last one
// is sent twice to mark the end of the list, then the list starts over.
import { ValueError } from "@inetlib/socket";
import { TTYPE } from "../codes.js";
import type { Side } from "../negotiation.js";
import type { OptionContext, OptionHandler, Sides } from "./handler.js";

const IS = 0;
const SEND = 1;
// RFC 1091: at most 40 characters, from A-Z, 0-9, "-" and "/" in the registered names; we
// accept any printable ASCII but no space, so nothing but a name can travel in the reply.
const NAME = /^[\x21-\x7e]{1,40}$/;

/** TerminalTypeHandler tells the server our terminal type(s) (TTYPE, RFC 1091). */
export class TerminalTypeHandler implements OptionHandler {
  readonly option = TTYPE;
  readonly accept: Sides = { local: true };
  readonly request: Sides;
  readonly types: readonly string[];
  #asked = 0;

  /**
   * @param types the names to offer, most preferred first (default "XTERM"). A name is 1 to 40
   *   printable ASCII characters without spaces, else ValueError.
   */
  constructor(types: string | readonly string[] = "XTERM", options: { request?: boolean } = {}) {
    const list = typeof types === "string" ? [types] : [...types];
    if (list.length === 0) throw new ValueError("at least one terminal type is needed");
    for (const t of list)
      if (!NAME.test(t)) throw new ValueError(`invalid terminal type: ${JSON.stringify(t)}`);
    this.types = Object.freeze(list);
    this.request = options.request ? { local: true } : {};
  }

  enabled(side: Side): void {
    if (side === "local") this.#asked = 0;
  }

  subnegotiation(data: Buffer, ctx: OptionContext): void {
    if (data[0] !== SEND || data.length !== 1) {
      ctx.trace(`TTYPE: ignored subnegotiation ${JSON.stringify([...data])}`);
      return;
    }
    const n = this.types.length;
    const at = this.#asked++ % (n + 1);
    const name = this.types[at < n ? at : n - 1]!;
    void ctx.subnegotiate(Buffer.concat([Buffer.from([IS]), Buffer.from(name, "ascii")]));
  }
}
