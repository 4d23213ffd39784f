// What a scheme file gives `inetlib get`, and the helper that sorts a server's refusals into
// exit classes by the phase of the session they came in.
import { SSLError, TimeoutError } from "@inetlib/socket";
import type { Context } from "../context.js";
import { CliError, EXIT, type ExitCode, oneLine, tlsHint } from "../exit.js";
import type { CliUrl } from "../url.js";
import { hostport } from "../url.js";

/** Scheme is the code of one family of URL schemes (their table is schemes/index.ts). */
export interface Scheme {
  /** get fetches the URL and writes it to ctx.output(). */
  get(url: CliUrl, ctx: Context): Promise<void>;
}

/** Phase is where in a session a call is: a refusal means something different in each. */
export type Phase = "connect" | "auth" | "find" | "transfer";

/**
 * Refusal tells what a server's "no" means: given an error, the exit class and text when it is
 * the server's refusal in this protocol (with the phase as a hint), or null for other errors.
 */
export type Refusal = (err: unknown, phase: Phase) => { code: ExitCode; text: string } | null;

const PHASE_CLASS: Record<Phase, ExitCode> = {
  connect: EXIT.PROTOCOL,
  auth: EXIT.AUTH,
  find: EXIT.NOT_FOUND,
  transfer: EXIT.PROTOCOL,
};

const PHASE_PREFIX: Record<Phase, string> = {
  connect: "the server refused the connection",
  auth: "login failed",
  find: "not found",
  transfer: "the server refused",
};

/** phaseClass is the exit class a plain refusal gets in a phase. */
export function phaseClass(phase: Phase): ExitCode {
  return PHASE_CLASS[phase];
}

/**
 * during runs one phase of a session and turns what goes wrong into a CliError: the server's
 * refusals by `refuse`, a failed connect as "cannot connect to host:port".
 */
export async function during<T>(
  phase: Phase,
  refuse: Refusal,
  fn: () => Promise<T>,
  where?: { host: string; port: number },
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const r = refuse(err, phase);
    if (r) {
      const prefix = r.code === PHASE_CLASS[phase] ? PHASE_PREFIX[phase] : CODE_PREFIX[r.code];
      throw new CliError(r.code, `${prefix}: ${oneLine(r.text)}`, { cause: err });
    }
    // A timeout here may come after the connection was made (a server that never greets):
    // "cannot connect" would be wrong then, so the line says only that no answer came.
    if (phase === "connect" && where && err instanceof SSLError)
      throw new CliError(
        EXIT.TLS,
        `TLS: ${oneLine(err.message)}${tlsHint(err, hostport(where.host, where.port))}`,
        { cause: err },
      );
    if (phase === "connect" && where && err instanceof TimeoutError)
      throw new CliError(
        EXIT.CONNECTION,
        `no answer from ${hostport(where.host, where.port)}: timed out (--timeout SECONDS waits longer)`,
        { cause: err },
      );
    if (phase === "connect" && where && isConnectFailure(err))
      throw new CliError(
        EXIT.CONNECTION,
        `cannot connect to ${hostport(where.host, where.port)}: ${oneLine((err as Error).message)}`,
        {
          cause: err,
        },
      );
    throw err;
  }
}

const CODE_PREFIX: Partial<Record<ExitCode, string>> = {
  [EXIT.AUTH]: "login failed",
  [EXIT.NOT_FOUND]: "not found",
  [EXIT.PROTOCOL]: "the server refused",
  [EXIT.TLS]: "TLS",
  [EXIT.CONNECTION]: "connection",
  [EXIT.USAGE]: "usage",
};

function isConnectFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // TLS and timeouts keep their own wording (classify); refusals, unknown hosts, resets get the address.
  return [
    "ConnectionRefusedError",
    "gaierror",
    "ConnectionResetError",
    "OSError",
    "ConnectionError",
  ].includes(err.name);
}
