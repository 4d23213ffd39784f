// NEW-ENVIRON (RFC 1572): the server asks IAC SB NEW-ENVIRON SEND [VAR|USERVAR [name]]...
// IAC SE; we answer IS with the variables asked for (all of them when none is named), and
// send INFO when one changes. Names and values are escaped (ESC before VAR, VALUE, ESC and
// USERVAR; IAC doubled on the wire), so no value can break out into the protocol.
import { NEW_ENVIRON } from "../codes.js";
import type { OptionContext, OptionHandler, Sides } from "./handler.js";

const IS = 0;
const SEND = 1;
const INFO = 2;
const VAR = 0;
const VALUE = 1;
const ESC = 2;
const USERVAR = 3;

/** The variables RFC 1572 defines; they travel as VAR, every other name as USERVAR. */
export const WELL_KNOWN_VARS: readonly string[] = Object.freeze([
  "USER",
  "JOB",
  "ACCT",
  "PRINTER",
  "SYSTEMTYPE",
  "DISPLAY",
]);

type Kind = typeof VAR | typeof USERVAR;

/** NewEnvironHandler gives the server environment variables (NEW-ENVIRON, RFC 1572). */
export class NewEnvironHandler implements OptionHandler {
  readonly option = NEW_ENVIRON;
  readonly accept: Sides = { local: true };
  readonly request: Sides;
  readonly #env = new Map<string, string>();
  #ctx: OptionContext | null = null;

  /** @param env the variables to offer, e.g. `{ USER: "alice", DISPLAY: ":0", LANG: "C.UTF-8" }`. */
  constructor(env: Record<string, string> = {}, options: { request?: boolean } = {}) {
    for (const [k, v] of Object.entries(env)) this.#env.set(k, v);
    this.request = options.request ? { local: true } : {};
  }

  /** The variables offered. */
  get env(): Record<string, string> {
    return Object.fromEntries(this.#env);
  }

  attach(ctx: OptionContext): void {
    this.#ctx = ctx;
  }

  /** set(name, value): changes a variable (null removes it) and tells the server (INFO) if the option is on. */
  async set(name: string, value: string | null): Promise<void> {
    if (value === null) this.#env.delete(name);
    else this.#env.set(name, value);
    const ctx = this.#ctx;
    if (ctx?.enabled("local")) await ctx.subnegotiate(encodeList(INFO, [[kindOf(name), name, value]]));
  }

  subnegotiation(data: Buffer, ctx: OptionContext): void {
    if (data[0] !== SEND) {
      ctx.trace(`NEW-ENVIRON: ignored subnegotiation ${data[0] ?? "(empty)"}`);
      return;
    }
    void ctx.subnegotiate(encodeList(IS, this.#answer(parseSend(data.subarray(1)))));
  }

  // What IS carries for a SEND: every variable when none is named; all of a kind for a bare
  // VAR or USERVAR; each named one, without a VALUE when we do not have it.
  #answer(asked: [Kind, string | null][]): [Kind, string, string | null][] {
    const out: [Kind, string, string | null][] = [];
    const all = (kind: Kind) => {
      for (const [name, value] of this.#env) if (kindOf(name) === kind) out.push([kind, name, value]);
    };
    if (asked.length === 0) {
      all(VAR);
      all(USERVAR);
      return out;
    }
    for (const [kind, name] of asked) {
      if (name === null) all(kind);
      else out.push([kind, name, this.#env.get(name) ?? null]);
    }
    return out;
  }
}

function kindOf(name: string): Kind {
  return WELL_KNOWN_VARS.includes(name) ? VAR : USERVAR;
}

/** The names a SEND asks for: [kind, name], name null for "all of this kind". */
export function parseSend(data: Buffer): [Kind, string | null][] {
  const out: [Kind, string | null][] = [];
  let i = 0;
  while (i < data.length) {
    const kind = data[i++]!;
    if (kind !== VAR && kind !== USERVAR) continue;
    const bytes: number[] = [];
    while (i < data.length && data[i] !== VAR && data[i] !== USERVAR) {
      if (data[i] === ESC && i + 1 < data.length) i++;
      bytes.push(data[i++]!);
    }
    out.push([kind, bytes.length === 0 ? null : Buffer.from(bytes).toString("utf8")]);
  }
  return out;
}

/** IS or INFO content: (VAR|USERVAR name [VALUE value])..., names and values escaped. */
export function encodeList(verb: typeof IS | typeof INFO, vars: [Kind, string, string | null][]): Buffer {
  const parts: Buffer[] = [Buffer.from([verb])];
  for (const [kind, name, value] of vars) {
    parts.push(Buffer.from([kind]), escapeField(name));
    if (value !== null) parts.push(Buffer.from([VALUE]), escapeField(value));
  }
  return Buffer.concat(parts);
}

function escapeField(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const out: number[] = [];
  for (const c of bytes) {
    if (c === VAR || c === VALUE || c === ESC || c === USERVAR) out.push(ESC);
    out.push(c);
  }
  return Buffer.from(out);
}
