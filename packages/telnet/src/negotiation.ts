// Option negotiation by RFC 1143's "Q method": for every option, one state machine for our side
// (we perform it: WILL/WONT sent, DO/DONT received) and one for the server's side (it performs
// it: DO/DONT sent, WILL/WONT received). Each has four states and a one-deep queue, which is
// what rules out the negotiation loops RFC 854's plain rules allow, including when a request
// crosses the peer's on the wire. Pure: it says what to send; the caller sends it.
import { DO, DONT, IAC, type Verb, WILL, WONT } from "./codes.js";

/** RFC 1143's states: the option is off, on, or we asked for a change and await the answer. */
export type QState = "NO" | "YES" | "WANTNO" | "WANTYES";
/** RFC 1143's queue bit: OPPOSITE means "when the pending answer comes, ask for the reverse". */
export type QQueue = "EMPTY" | "OPPOSITE";

/** One side of one option. */
export interface QSide {
  readonly state: QState;
  readonly queue: QQueue;
}

/** Whose performance of the option: "local" (we do it: WILL/WONT) or "remote" (the server does: DO/DONT). */
export type Side = "local" | "remote";

/** What a step of the Q method decides. */
export interface QStep {
  /** The side's new state. */
  side: QSide;
  /** Send the positive verb (DO for remote, WILL for local), the negative one, or nothing. */
  send: "positive" | "negative" | null;
  /** RFC 1143's protocol errors (the peer answered a refusal with an acceptance); informative. */
  error?: string;
}

export const Q_NO: QSide = Object.freeze({ state: "NO", queue: "EMPTY" });

function q(state: QState, queue: QQueue = "EMPTY"): QSide {
  return { state, queue };
}

/**
 * qReceive is RFC 1143's "upon receipt of WILL/WONT" (remote side) or "DO/DONT" (local side).
 * `positive` is WILL or DO; `accept` says whether we agree when the peer asks to enable.
 */
export function qReceive(side: QSide, positive: boolean, accept: boolean): QStep {
  const { state, queue } = side;
  if (positive) {
    switch (state) {
      case "NO":
        return accept ? { side: q("YES"), send: "positive" } : { side, send: "negative" };
      case "YES":
        return { side, send: null };
      case "WANTNO":
        return queue === "EMPTY"
          ? { side: q("NO"), send: null, error: "refusal answered by acceptance" }
          : { side: q("YES"), send: null, error: "refusal answered by acceptance" };
      case "WANTYES":
        return queue === "EMPTY" ? { side: q("YES"), send: null } : { side: q("WANTNO"), send: "negative" };
    }
  }
  switch (state) {
    case "NO":
      return { side, send: null };
    case "YES":
      return { side: q("NO"), send: "negative" };
    case "WANTNO":
      return queue === "EMPTY" ? { side: q("NO"), send: null } : { side: q("WANTYES"), send: "positive" };
    case "WANTYES":
      return { side: q("NO"), send: null };
  }
}

/** qRequest is RFC 1143's "if we decide to ask the peer to enable/disable". Asking for what is already so, or already asked, changes nothing. */
export function qRequest(side: QSide, enable: boolean): QStep {
  const { state } = side;
  if (enable) {
    switch (state) {
      case "NO":
        return { side: q("WANTYES"), send: "positive" };
      case "WANTNO":
        return { side: q("WANTNO", "OPPOSITE"), send: null };
      case "WANTYES":
        return { side: q("WANTYES"), send: null };
      default:
        return { side, send: null };
    }
  }
  switch (state) {
    case "YES":
      return { side: q("WANTNO"), send: "negative" };
    case "WANTNO":
      return { side: q("WANTNO"), send: null };
    case "WANTYES":
      return { side: q("WANTYES", "OPPOSITE"), send: null };
    default:
      return { side, send: null };
  }
}

/** The result of a negotiation step on the whole table. */
export interface NegotiationOutcome {
  /** Bytes to send (IAC <verb> <option>), or null. */
  reply: Buffer | null;
  side: Side;
  option: number;
  /** The option just became enabled or disabled on that side, or null. */
  change: "enabled" | "disabled" | null;
  error?: string;
}

/** OptionTable holds the Q method state of every option, both sides. */
export class OptionTable {
  readonly #local = new Map<number, QSide>();
  readonly #remote = new Map<number, QSide>();

  /** The state of an option on one side. */
  get(side: Side, option: number): QSide {
    return (side === "local" ? this.#local : this.#remote).get(option) ?? Q_NO;
  }

  /** True when the option is on for that side (state YES). */
  enabled(side: Side, option: number): boolean {
    return this.get(side, option).state === "YES";
  }

  /**
   * receive applies IAC <verb> <option> from the peer. `accept(side, option)` is asked only
   * when the peer proposes to enable an option that is off.
   */
  receive(verb: Verb, option: number, accept: (side: Side, option: number) => boolean): NegotiationOutcome {
    const side: Side = verb === DO || verb === DONT ? "local" : "remote";
    const positive = verb === DO || verb === WILL;
    const before = this.get(side, option);
    const step = qReceive(before, positive, before.state === "NO" && positive ? accept(side, option) : false);
    return this.#apply(side, option, before, step);
  }

  /** request asks the peer to let an option be enabled or disabled on one side. */
  request(side: Side, option: number, enable: boolean): NegotiationOutcome {
    const before = this.get(side, option);
    return this.#apply(side, option, before, qRequest(before, enable));
  }

  /** Forgets every option (a new connection starts with all of them off). */
  clear(): void {
    this.#local.clear();
    this.#remote.clear();
  }

  #apply(side: Side, option: number, before: QSide, step: QStep): NegotiationOutcome {
    const map = side === "local" ? this.#local : this.#remote;
    if (step.side.state === "NO" && step.side.queue === "EMPTY") map.delete(option);
    else map.set(option, step.side);
    const was = before.state === "YES";
    const now = step.side.state === "YES";
    const outcome: NegotiationOutcome = {
      reply: step.send === null ? null : Buffer.from([IAC, verbFor(side, step.send === "positive"), option]),
      side,
      option,
      change: was === now ? null : now ? "enabled" : "disabled",
    };
    if (step.error) outcome.error = step.error;
    return outcome;
  }
}

function verbFor(side: Side, positive: boolean): Verb {
  if (side === "local") return positive ? WILL : WONT;
  return positive ? DO : DONT;
}
