// Negotiator: RFC 1143's option table (negotiation.ts) joined to the option handlers. It
// decides every reply to DO/DONT/WILL/WONT, tells handlers when their option turns on or off,
// and routes subnegotiations to them. Options without a handler are refused; requests for an
// option already in the asked-for state are not answered, so negotiation cannot loop.
import { ValueError } from "@inetlib/socket";
import { commandName, type Verb } from "./codes.js";
import { subnegotiation } from "./iac-encode.js";
import { OptionTable, type Side } from "./negotiation.js";
import type { OptionContext, OptionHandler } from "./options/handler.js";

export interface NegotiatorHooks {
  /** Sends bytes in order with everything else the connection sends; resolves once sent. */
  send(bytes: Buffer): Promise<void>;
  /** A line for the debug trace. */
  trace(message: string): void;
}

export class Negotiator {
  readonly table = new OptionTable();
  readonly #handlers = new Map<number, OptionHandler>();
  readonly #contexts = new Map<number, OptionContext>();
  readonly #hooks: NegotiatorHooks;

  constructor(hooks: NegotiatorHooks) {
    this.#hooks = hooks;
  }

  /** The handler of an option, if any. */
  handler(option: number): OptionHandler | undefined {
    return this.#handlers.get(option);
  }

  /** add(handler): one handler per option (ValueError for a second one). */
  add(handler: OptionHandler): void {
    const option = handler.option;
    if (!Number.isInteger(option) || option < 0 || option > 255)
      throw new ValueError(`invalid option code: ${option}`);
    if (this.#handlers.has(option)) throw new ValueError(`option ${option} already has a handler`);
    this.#handlers.set(option, handler);
    const ctx = this.#context(option);
    this.#contexts.set(option, ctx);
    handler.attach?.(ctx);
  }

  /** start(): sends the requests handlers ask for when a connection opens. */
  start(): void {
    for (const handler of this.#handlers.values()) this.startOne(handler);
  }

  /** startOne(handler): sends that handler's opening requests. */
  startOne(handler: OptionHandler): void {
    if (handler.request?.local) void this.request("local", handler.option, true);
    if (handler.request?.remote) void this.request("remote", handler.option, true);
  }

  /** receive(verb, option): the server sent IAC <verb> <option>. */
  receive(verb: Verb, option: number): void {
    const outcome = this.table.receive(
      verb,
      option,
      (side, opt) => this.#handlers.get(opt)?.accept?.[side] === true,
    );
    if (outcome.error) this.#hooks.trace(`option ${option}: ${outcome.error}`);
    if (outcome.reply) this.#send(outcome.reply);
    if (outcome.change) this.#notify(outcome.side, option, outcome.change);
  }

  /** subnegotiation(data): IAC SB <data> IAC SE arrived; `data` starts with the option byte. */
  subnegotiation(data: Buffer): void {
    const option = data[0];
    if (option === undefined) return;
    const handler = this.#handlers.get(option);
    if (
      !handler?.subnegotiation ||
      !(this.table.enabled("local", option) || this.table.enabled("remote", option))
    ) {
      this.#hooks.trace(`SB ${option} ignored: option not enabled`);
      return;
    }
    handler.subnegotiation(data.subarray(1), this.#contexts.get(option)!);
  }

  /** request(side, option, enable): asks for an option to be turned on or off (Q method). */
  request(side: Side, option: number, enable: boolean): Promise<void> {
    const outcome = this.table.request(side, option, enable);
    const sent = outcome.reply ? this.#send(outcome.reply) : Promise.resolve();
    if (outcome.change) this.#notify(side, option, outcome.change);
    return sent;
  }

  /** Forgets every option's state (a new connection). */
  reset(): void {
    this.table.clear();
  }

  #send(bytes: Buffer): Promise<void> {
    if (bytes.length === 3) this.#hooks.trace(`send IAC ${commandName(bytes[1]!)} ${bytes[2]}`);
    return this.#hooks.send(bytes);
  }

  #notify(side: Side, option: number, change: "enabled" | "disabled"): void {
    this.#hooks.trace(`option ${option} ${change} (${side})`);
    const handler = this.#handlers.get(option);
    const ctx = this.#contexts.get(option);
    if (!handler || !ctx) return;
    if (change === "enabled") handler.enabled?.(side, ctx);
    else handler.disabled?.(side, ctx);
  }

  #context(option: number): OptionContext {
    return {
      option,
      enabled: (side) => this.table.enabled(side, option),
      request: (side, enable = true) => this.request(side, option, enable),
      subnegotiate: (content) => {
        const bytes = subnegotiation(option, content);
        this.#hooks.trace(`send SB ${option} ${bytes.length - 5} bytes`);
        return this.#hooks.send(bytes);
      },
      trace: (message) => this.#hooks.trace(message),
    };
  }
}
