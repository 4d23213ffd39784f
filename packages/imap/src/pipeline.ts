// Pipelining (RFC 3501 5.5): several commands in one write, their completions read in turn.
// A round trip per command is what makes a sequence of small commands slow; servers answer
// in order, so each command's untagged data has come by the time its completion does.
import type { IMAP4Core } from "./core.js";
import { error } from "./errors.js";
import type { Response } from "./response.js";
import type { Arg } from "./wire.js";

/** PipelineCommand is a command and its arguments, as _simple_command takes them: ["FETCH", "1", "(FLAGS)"]. */
export type PipelineCommand = [command: string, ...args: Arg[]];

// Commands that change the state, or wait for the server, cannot go ahead of their answer.
const REFUSED = new Set([
  "SELECT",
  "EXAMINE",
  "CLOSE",
  "UNSELECT",
  "LOGIN",
  "AUTHENTICATE",
  "LOGOUT",
  "STARTTLS",
  "IDLE",
  "ENABLE",
]);

// The untagged response each command's data is in, as the methods of the same name return it.
const UNTAGGED: Record<string, string> = {
  CAPABILITY: "CAPABILITY",
  EXPUNGE: "EXPUNGE",
  FETCH: "FETCH",
  STORE: "FETCH",
  PARTIAL: "FETCH",
  SEARCH: "SEARCH",
  SORT: "SORT",
  THREAD: "THREAD",
  LIST: "LIST",
  LSUB: "LSUB",
  STATUS: "STATUS",
  NAMESPACE: "NAMESPACE",
  GETACL: "ACL",
  MYRIGHTS: "MYRIGHTS",
  GETQUOTA: "QUOTA",
  SETQUOTA: "QUOTA",
  GETANNOTATION: "ANNOTATION",
  SETANNOTATION: "ANNOTATION",
};

/** pipeline is IMAP4.pipeline's work. */
export function pipeline(imap: IMAP4Core, commands: readonly PipelineCommand[]): Promise<Response[]> {
  return imap._exclusive(async () => {
    const list = commands.map(([command, ...args]): [string, Arg[]] => {
      const name = command.toUpperCase();
      if (REFUSED.has(name))
        throw new error(`${name} cannot be pipelined: it changes the state or waits for the server`);
      return [name, args];
    });
    const framed = imap._frame_pipelined(list);
    if (framed.length === 0) return [];
    await imap._send_pipelined(framed);
    const results: Response[] = [];
    let failure: unknown = null;
    for (const [i, [name, tag]] of framed.entries()) {
      try {
        const [typ, dat] = await imap._command_complete_unlocked(name, tag);
        const sub = name === "UID" ? String(list[i]![1][0] ?? "").toUpperCase() : name;
        const untagged =
          name === "UID" ? (["SEARCH", "SORT", "THREAD"].includes(sub) ? sub : "FETCH") : UNTAGGED[name];
        results.push(untagged ? imap._untagged_response(typ, dat, untagged) : [typ, dat]);
      } catch (err) {
        // A BAD for one command: the later ones are still read, to keep the connection in step.
        if (!(err instanceof error) || !err.message.startsWith(`${name} command error: BAD`)) throw err;
        failure ??= err;
        results.push(["BAD", []]);
      }
    }
    if (failure) throw failure;
    return results;
  });
}
