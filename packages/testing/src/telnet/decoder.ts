// The server's own reading of what a telnet client sends: data bytes, IAC commands and
// subnegotiations. Deliberately independent of @inetlib/telnet's parser, so that the client's
// tests do not check the client against itself.

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;

export type ClientEvent =
  | { kind: "data"; byte: number }
  | { kind: "verb"; verb: number; option: number }
  | { kind: "command"; command: number }
  | { kind: "sb"; option: number; data: Buffer };

/** ClientDecoder turns client bytes into events, one byte at a time. */
export class ClientDecoder {
  #state: "data" | "iac" | "verb" | "sb" | "sb-iac" = "data";
  #verb = 0;
  #sb: number[] = [];

  feed(chunk: Buffer): ClientEvent[] {
    const out: ClientEvent[] = [];
    for (const c of chunk) {
      switch (this.#state) {
        case "data":
          if (c === IAC) this.#state = "iac";
          else out.push({ kind: "data", byte: c });
          break;
        case "iac":
          if (c === IAC) {
            out.push({ kind: "data", byte: IAC });
            this.#state = "data";
          } else if (c >= WILL && c <= DONT) {
            this.#verb = c;
            this.#state = "verb";
          } else if (c === SB) {
            this.#sb = [];
            this.#state = "sb";
          } else {
            out.push({ kind: "command", command: c });
            this.#state = "data";
          }
          break;
        case "verb":
          out.push({ kind: "verb", verb: this.#verb, option: c });
          this.#state = "data";
          break;
        case "sb":
          if (c === IAC) this.#state = "sb-iac";
          else if (this.#sb.length < 4096) this.#sb.push(c);
          break;
        case "sb-iac":
          if (c === SE) {
            const [option = 0, ...rest] = this.#sb;
            out.push({ kind: "sb", option, data: Buffer.from(rest) });
            this.#state = "data";
          } else {
            // IAC IAC is a 255 in the content; anything else is taken as content too.
            this.#sb.push(c);
            this.#state = "sb";
          }
          break;
      }
    }
    return out;
  }
}

/** escapeIAC doubles every 255, as everything the server sends as data must be. */
export function escapeIAC(data: Buffer): Buffer {
  if (!data.includes(IAC)) return data;
  const out: number[] = [];
  for (const c of data) {
    out.push(c);
    if (c === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}
