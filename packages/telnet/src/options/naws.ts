// NAWS, Negotiate About Window Size (RFC 1073): once the server says DO NAWS we send
// IAC SB NAWS <width:16> <height:16> IAC SE, and again whenever the size changes.
import { ValueError } from "@inetlib/socket";
import { NAWS } from "../codes.js";
import type { Side } from "../negotiation.js";
import type { OptionContext, OptionHandler, Sides } from "./handler.js";

/** WindowSizeHandler tells the server our window size (NAWS, RFC 1073); resize() updates it. */
export class WindowSizeHandler implements OptionHandler {
  readonly option = NAWS;
  readonly accept: Sides = { local: true };
  readonly request: Sides;
  #width: number;
  #height: number;
  #ctx: OptionContext | null = null;

  /** Width and height in characters, 0 to 65535 each (0: unknown, RFC 1073). */
  constructor(width = 80, height = 24, options: { request?: boolean } = {}) {
    this.#width = checkSize(width);
    this.#height = checkSize(height);
    this.request = options.request ? { local: true } : {};
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  attach(ctx: OptionContext): void {
    this.#ctx = ctx;
  }

  enabled(side: Side, ctx: OptionContext): void {
    if (side === "local") void ctx.subnegotiate(this.#content());
  }

  /** resize(width, height): records the new size and sends it if NAWS is on. */
  async resize(width: number, height: number): Promise<void> {
    this.#width = checkSize(width);
    this.#height = checkSize(height);
    const ctx = this.#ctx;
    if (ctx?.enabled("local")) await ctx.subnegotiate(this.#content());
  }

  #content(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt16BE(this.#width, 0);
    out.writeUInt16BE(this.#height, 2);
    return out;
  }
}

function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff)
    throw new ValueError(`window size out of range (0-65535): ${n}`);
  return n;
}
