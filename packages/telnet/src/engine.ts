// Engine: what happens to received bytes between fill_rawq() and the cooked queue, and what the
// client sends back. It holds Python's queues (rawq, cookedq, sbdataq) and the IAC parser, and
// sends each command to one of three places: the negotiation callback (telnetlib's hook), the
// option handlers (RFC 1143), or telnetlib's refusal. What it sends while processing goes out
// in one write, and a failure is raised by the read that processed the command.
import { oserror, type socket } from "@inetlib/socket";
import { ByteQueue } from "./byte-queue.js";
import { BINARY, commandName, DO, DONT, SB, SE, type Verb, WONT } from "./codes.js";
import { NOOPT } from "./constants.js";
import { iacCommand } from "./iac-encode.js";
import { IACParser, type TelnetEvent } from "./iac-parser.js";
import { Negotiator } from "./negotiator.js";

const EMPTY: Buffer = Buffer.alloc(0);

/**
 * The option negotiation callback: called for every IAC command received, with the command and
 * the option as one-byte Buffers (NOOPT for commands without an option). telnetlib then does
 * nothing more: replying is the callback's job (`sock.sendall(...)`), and after IAC SE the
 * subnegotiation is in read_sb_data(). A returned Promise is awaited before the read that
 * processed the command returns.
 */
export type OptionNegotiationCallback = (
  sock: socket,
  command: Buffer,
  option: Buffer,
) => void | Promise<void>;

/** What the engine needs of its Telnet. */
export interface EngineHost {
  readonly sock: socket | null;
  readonly option_callback: OptionNegotiationCallback | null;
  readonly debuglevel: number;
  msg(msg: string, ...args: unknown[]): void;
}

/** What process() sends, collected while it runs. */
interface Batch {
  parts: Buffer[];
  done: Deferred | null;
}

export class Engine {
  readonly parser: IACParser;
  /** Received chunks not yet processed (Python's rawq). */
  rawq: Buffer[] = [];
  /** Processed data not yet read (Python's cookedq). */
  readonly cooked = new ByteQueue();
  /** The last subnegotiation, option byte first (Python's sbdataq). */
  sbdataq: Buffer = EMPTY;
  negotiator: Negotiator | null = null;
  readonly #host: EngineHost;
  readonly #pending = new Set<Promise<void>>();
  #failure: { error: unknown } | null = null;
  #batch: Batch | null = null;

  constructor(host: EngineHost, maxSubnegotiation: number | undefined) {
    this.#host = host;
    this.parser = new IACParser(maxSubnegotiation === undefined ? {} : { maxSubnegotiation });
  }

  /** The negotiator, made on first use: from then on options are negotiated by RFC 1143. */
  ensureNegotiator(): Negotiator {
    this.negotiator ??= new Negotiator({
      send: (bytes) => this.send(bytes),
      trace: (message) => {
        if (this.#host.debuglevel > 1) this.#host.msg(message);
      },
    });
    return this.negotiator;
  }

  /** process_rawq(): the raw queue through the parser, synchronously. */
  process(): void {
    const batch: Batch = { parts: [], done: null };
    this.#batch = batch;
    try {
      while (this.rawq.length > 0) {
        const chunk = this.rawq.shift()!;
        this.parser.parse(chunk, (event) => this.#dispatch(event));
      }
    } finally {
      this.#batch = null;
      if (batch.parts.length > 0) batch.done!.settle(this.send(Buffer.concat(batch.parts)));
    }
  }

  /** process(), then waits for what it sent (and the callbacks' Promises), raising the first failure. */
  async processAndSettle(): Promise<void> {
    this.process();
    while (this.#pending.size > 0) await Promise.all(this.#pending);
    const failure = this.#failure;
    if (failure) {
      this.#failure = null;
      throw failure.error;
    }
  }

  /** send(bytes): in order with everything else; batched while processing. */
  send(bytes: Buffer): Promise<void> {
    const batch = this.#batch;
    if (batch) {
      // Answers to one batch of received commands go out in one write: one packet, not a
      // Nagle-delayed series of three-byte ones.
      batch.parts.push(bytes);
      batch.done ??= deferred();
      return batch.done.promise;
    }
    const sock = this.#host.sock;
    return this.#track(sock ? sock.sendall(bytes) : Promise.reject(oserror("EBADF")));
  }

  // Sends and callbacks start during the synchronous process(); the next read waits for them.
  #track(promise: Promise<void>): Promise<void> {
    const tracked = promise.then(
      () => {
        this.#pending.delete(tracked);
      },
      (error: unknown) => {
        this.#pending.delete(tracked);
        this.#failure ??= { error };
      },
    );
    this.#pending.add(tracked);
    return promise;
  }

  #dispatch(event: TelnetEvent): void {
    switch (event.type) {
      case "data":
        this.cooked.push(event.data);
        break;
      case "negotiation":
        this.#negotiation(event.command, event.option);
        break;
      case "sb":
        this.sbdataq = EMPTY;
        this.#command(SB);
        break;
      case "se":
        if (event.overflow)
          this.#host.msg("subnegotiation over %d bytes dropped", this.parser.maxSubnegotiation);
        this.sbdataq = event.data;
        if (!this.#host.option_callback && this.negotiator && !event.overflow)
          this.negotiator.subnegotiation(event.data);
        else this.#command(SE);
        break;
      case "command":
        this.#command(event.command);
        break;
    }
  }

  #command(command: number): void {
    if (this.#host.option_callback) this.#callback(command, NOOPT);
    else if (!(this.negotiator && (command === SB || command === SE)))
      this.#host.msg("IAC %d not recognized", command);
  }

  #negotiation(verb: Verb, option: number): void {
    this.#host.msg("IAC %s %d", commandName(verb), option);
    if (this.#host.option_callback) this.#callback(verb, Buffer.from([option]));
    else if (this.negotiator) {
      this.negotiator.receive(verb, option);
      this.parser.binary = this.negotiator.table.enabled("remote", BINARY);
    }
    // telnetlib's refusal: WONT to DO and DONT, DONT to WILL and WONT.
    else void this.send(iacCommand(verb === DO || verb === DONT ? WONT : DONT, option));
  }

  #callback(command: number, option: Buffer): void {
    const sock = this.#host.sock;
    if (!sock) throw oserror("EBADF");
    const result = this.#host.option_callback!(sock, Buffer.from([command]), option);
    if (result instanceof Promise) void this.#track(result);
  }
}

interface Deferred {
  promise: Promise<void>;
  settle(from: Promise<void>): void;
}

function deferred(): Deferred {
  let settle!: (from: Promise<void>) => void;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (from) => from.then(resolve, reject);
  });
  // Whoever sent through the batch may drop the promise; the failure is raised by processAndSettle().
  promise.catch(() => {});
  return { promise, settle };
}
