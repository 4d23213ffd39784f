// IMAP4Extensions: the extension commands imaplib has (ACL, RFC 4314; QUOTA, RFC 2087;
// ANNOTATEMORE; SORT and THREAD, RFC 5256; NAMESPACE, RFC 2342; PROXYAUTH; the obsolete
// PARTIAL) and xatom() for the rest, each a thin line over the engine.
import { Commands } from "./commands.js";
import { IMAP4Core } from "./core.js";
import type { Data, Response } from "./response.js";
import type { Arg } from "./wire.js";

/** MessageSet is a message sequence set ("1:5,7", "1:*") or a single number. */
export type MessageSet = string | number | Uint8Array;

/** set turns a MessageSet into an argument. */
export function set(message_set: MessageSet): Arg {
  return typeof message_set === "number" ? String(message_set) : message_set;
}

/** IMAP4Extensions carries imaplib's extension commands; use IMAP4. */
export class IMAP4Extensions extends IMAP4Core {
  /** namespace returns the NAMESPACE response (RFC 2342). */
  namespace(): Promise<Response> {
    return this._untagged_command("NAMESPACE", "NAMESPACE");
  }

  /** proxyauth assumes the identity of `user` (an administrator's privilege). */
  proxyauth(user: string): Promise<Response> {
    return this._simple_command("PROXYAUTH", this._astring(user));
  }

  // ---- sorting and threading, partial fetches ----------------------------------------------------

  /** sort is the SORT extension (RFC 5256): sort("(DATE)", "UTF-8", "ALL"). */
  sort(sort_criteria: string, charset: string, ...search_criteria: Arg[]): Promise<Response> {
    const crit =
      sort_criteria.startsWith("(") && sort_criteria.endsWith(")") ? sort_criteria : `(${sort_criteria})`;
    return this._untagged_command("SORT", "SORT", crit, charset, ...search_criteria);
  }

  /** thread is the THREAD extension (RFC 5256): thread("REFERENCES", "UTF-8", "ALL"). */
  thread(threading_algorithm: string, charset: string, ...search_criteria: Arg[]): Promise<Response> {
    return this._untagged_command("THREAD", "THREAD", threading_algorithm, charset, ...search_criteria);
  }

  /** partial fetches part of a message (obsolete, RFC 2060): [typ, [FETCH data]]. */
  partial(
    message_num: MessageSet,
    message_part: string,
    start: number | string,
    length: number | string,
  ): Promise<Response> {
    return this._untagged_command(
      "PARTIAL",
      "FETCH",
      set(message_num),
      message_part,
      String(start),
      String(length),
    );
  }

  // ---- access control, quota, annotations -----------------------------------------------------

  /** getacl returns the ACL of a mailbox (RFC 4314). */
  getacl(mailbox: string): Promise<Response> {
    return this._untagged_command("GETACL", "ACL", this._astring(mailbox));
  }

  setacl(mailbox: string, who: string, what: string): Promise<Response> {
    return this._simple_command("SETACL", this._astring(mailbox), this._astring(who), this._astring(what));
  }

  deleteacl(mailbox: string, who: string): Promise<Response> {
    return this._simple_command("DELETEACL", this._astring(mailbox), this._astring(who));
  }

  /** myrights returns the rights the user has on a mailbox. */
  myrights(mailbox: string): Promise<Response> {
    return this._untagged_command("MYRIGHTS", "MYRIGHTS", this._astring(mailbox));
  }

  /** getquota returns a quota root's usage and limits (RFC 2087). */
  getquota(root: string): Promise<Response> {
    return this._untagged_command("GETQUOTA", "QUOTA", this._astring(root));
  }

  /** getquotaroot returns [typ, [[QUOTAROOT data...], [QUOTA data...]]]. */
  getquotaroot(mailbox: string): Promise<[string, [Data, Data]]> {
    return this._run("GETQUOTAROOT", async () => {
      const [typ0, dat] = await this._simple_command_unlocked("GETQUOTAROOT", this._astring(mailbox));
      const [, quota] = this._untagged_response(typ0, dat, "QUOTA");
      const [typ, quotaroot] = this._untagged_response(typ0, dat, "QUOTAROOT");
      return [typ, [quotaroot, quota]];
    });
  }

  setquota(root: string, limits: string): Promise<Response> {
    return this._untagged_command("SETQUOTA", "QUOTA", this._astring(root), limits);
  }

  /** getannotation retrieves annotations (draft ANNOTATEMORE). */
  getannotation(mailbox: string, entry: string, attribute: string): Promise<Response> {
    return this._untagged_command("GETANNOTATION", "ANNOTATION", this._astring(mailbox), entry, attribute);
  }

  /** setannotation sets annotations: setannotation(mailbox, entry, attribute, ...). */
  setannotation(...args: Arg[]): Promise<Response> {
    return this._untagged_command("SETANNOTATION", "ANNOTATION", ...args);
  }

  /**
   * xatom sends an extension command the server announced (xatom("MOVE", "1", "Archive")),
   * valid in the current state if the table does not know it.
   */
  xatom(name: string, ...args: Arg[]): Promise<Response> {
    const upper = name.toUpperCase();
    if (!Object.hasOwn(Commands, upper)) Commands[upper] = [this.state];
    return this._simple_command(upper, ...args);
  }
}
