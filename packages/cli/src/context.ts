// What every command gets from its options: the timeout, the TLS context (verified unless
// --insecure), the credentials, the trace, the output, and the signal Ctrl-C aborts.
import { CERT_NONE, create_default_context, type DebugSink, type SSLContext } from "@inetlib/socket";
import { CliError, EXIT, usage, withFilename } from "./exit.js";
import type { CliIO } from "./io.js";
import { Output } from "./output.js";
import { askPassword } from "./password.js";
import type { CliUrl } from "./url.js";

/** CommonOptions are the options `get`, `send` and `telnet` share (as commander parsed them). */
export interface CommonOptions {
  /** --user user[:password] */
  user?: string;
  /** --cacert FILE: trust this CA (PEM) instead of the system's. */
  cacert?: string;
  /** --insecure: do not verify the server's certificate. */
  insecure?: boolean;
  /** --starttls: upgrade a plain connection to TLS (STLS, STARTTLS, AUTH TLS) and fail without it. */
  starttls?: boolean;
  /** --timeout SECONDS (0: wait forever). */
  timeout?: number;
  /** --trace, counted: 1 prints commands, 2 also replies. */
  trace?: number;
  /** -o FILE */
  output?: string;
}

/** Credentials are a user name and password. */
export interface Credentials {
  user: string;
  password: string;
}

/** DEFAULT_TIMEOUT is --timeout's default, in seconds. */
export const DEFAULT_TIMEOUT = 30;

/** Context carries one command's settings to the scheme that runs it. */
export class Context {
  readonly io: CliIO;
  readonly options: CommonOptions;
  readonly signal: AbortSignal;
  #tls: SSLContext | null = null;
  #output: Output | null = null;

  constructor(io: CliIO, options: CommonOptions, signal: AbortSignal) {
    this.io = io;
    this.options = options;
    this.signal = signal;
  }

  /** timeout in seconds for the clients' `timeout` option; null waits forever. */
  get timeout(): number | null {
    const t = this.options.timeout ?? DEFAULT_TIMEOUT;
    return t === 0 ? null : t;
  }

  /** trace is the set_debuglevel() level. */
  get trace(): number {
    return this.options.trace ?? 0;
  }

  /** debugSink writes the protocol trace to stderr, so that stdout stays the data. */
  readonly debugSink: DebugSink = (text) => void this.io.stderr.write(text);

  /**
   * tls is the TLS context every connection uses: create_default_context() (certificate and
   * host name verified) trusting --cacert when given; --insecure turns verification off.
   */
  tls(): SSLContext {
    if (this.#tls) return this.#tls;
    let ctx: SSLContext;
    try {
      ctx = create_default_context(this.options.cacert ? { cafile: this.options.cacert } : {});
    } catch (err) {
      throw new CliError(
        EXIT.USAGE,
        `cannot use --cacert ${this.options.cacert}: ${withFilename(err as Error)}`,
        {
          cause: err,
        },
      );
    }
    if (this.options.insecure) {
      ctx.check_hostname = false;
      ctx.verify_mode = CERT_NONE;
    }
    this.#tls = ctx;
    return ctx;
  }

  /** output is where `get` writes (-o FILE or stdout). */
  output(): Output {
    this.#output ??= new Output(this.io, this.options.output ?? null);
    return this.#output;
  }

  /**
   * credentials are --user's, else the URL's; a user without a password is asked for one when
   * stdin is a terminal. Null when neither gives a user (and `fallback` is not given).
   */
  async credentials(url: CliUrl | null, fallback?: Credentials): Promise<Credentials | null> {
    let user: string | null = url?.user ?? null;
    let password: string | null = url?.password ?? null;
    const given = this.options.user;
    if (given !== undefined) {
      const colon = given.indexOf(":");
      user = colon === -1 ? given : given.slice(0, colon);
      password = colon === -1 ? null : given.slice(colon + 1);
    }
    if (user === null || user === "") return fallback ?? null;
    if (password === null) {
      if (!this.io.stdinIsTTY)
        throw usage(
          `no password for ${user}: give --user ${user}:PASSWORD (or run on a terminal to be asked)`,
        );
      password = await askPassword(this.io, `Password for ${user}${url?.host ? `@${url.host}` : ""}: `);
    }
    return { user, password };
  }

  /** requireCredentials is credentials() that fails when there are none. */
  async requireCredentials(url: CliUrl | null, what: string): Promise<Credentials> {
    const c = await this.credentials(url);
    if (!c) throw usage(`${what} needs a user: give --user USER[:PASSWORD] or USER@ in the URL`);
    return c;
  }
}
