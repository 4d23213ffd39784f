// FTP: ftplib.FTP, in three layers as ftplib.py builds each method on the one below:
// ftp-base.ts (the control connection), ftp-data.ts (data connections and transfers), and here
// the commands, plus the everyday jobs beyond Python (list, download, upload).
import { checkArgs } from "./args.js";
import { error_perm, error_reply } from "./errors.js";
import { FTPData } from "./ftp-data.js";
import { type DownloadOptions, download, type UploadOptions, upload } from "./jobs.js";
import { MAX_LISTING_LINES } from "./limits.js";
import { type FileInfo, parseMlsdLine } from "./list/index.js";
import { collectLines, type ListOptions, list } from "./listing.js";
import type { OpenOptions } from "./options.js";
import type { LineCallback } from "./pumps.js";
import { parse257, pyInt } from "./replies.js";
import type { UploadSource } from "./sources.js";

export type { BinaryOptions, StoreOptions } from "./ftp-data.js";

/**
 * FTP is ftplib.FTP. `new FTP(options)` does no I/O; `await ftp.connect(host)` connects, or
 * `await FTP.open(host, user, passwd)` does what Python's FTP(host, user, passwd) does.
 */
export class FTP extends FTPData {
  /** The most lines nlst(), mlsd() and list() read into memory (beyond Python, which has no bound). */
  maxlisting = MAX_LISTING_LINES;
  #features: Promise<string[]> | null = null;

  /** FTP.open(host, user, passwd, acct, options): connects, and logs in when a user is given. */
  static async open(
    host: string,
    user = "",
    passwd = "",
    acct = "",
    options: OpenOptions = {},
  ): Promise<FTP> {
    const ftp = new FTP(options);
    await ftp._openWith(host, user, passwd, acct, options.port ?? 0);
    return ftp;
  }

  // ---- commands --------------------------------------------------------------------------

  /** login(user, passwd, acct): anonymous (password "anonymous@") by default. */
  login(user = "", passwd = "", acct = ""): Promise<string> {
    return this._exclusive(() => this._login_unlocked(user, passwd, acct));
  }

  /** _login_unlocked is FTP's login() for a caller that holds the lock. */
  protected async _login_unlocked(user: string, passwd: string, acct: string): Promise<string> {
    if (!user) user = "anonymous";
    if (user === "anonymous" && (passwd === "" || passwd === "-")) passwd += "anonymous@";
    checkArgs(user, passwd, acct);
    let resp = await this._sendcmd_unlocked(`USER ${user}`);
    if (resp[0] === "3") resp = await this._sendcmd_unlocked(`PASS ${passwd}`);
    if (resp[0] === "3") resp = await this._sendcmd_unlocked(`ACCT ${acct}`);
    if (resp[0] !== "2") throw new error_reply(resp);
    return resp;
  }

  /** acct(password): ACCT. */
  acct(password: string): Promise<string> {
    return this.voidcmd(`ACCT ${password}`);
  }

  /** nlst(...args): the names NLST lists; each argument is appended after a space, as in Python. */
  nlst(...args: string[]): Promise<string[]> {
    return collectLines(this, `NLST${args.map((a) => ` ${a}`).join("")}`);
  }

  /** dir(...args, callback?): LIST, each line to the callback (default: print it); empty arguments are left out. */
  async dir(...args: (string | LineCallback)[]): Promise<void> {
    let callback: LineCallback | null = null;
    const last = args[args.length - 1];
    if (args.length > 0 && typeof last !== "string") {
      callback = last as LineCallback;
      args = args.slice(0, -1);
    }
    await this.retrlines(`LIST${args.map((a) => (a ? ` ${a}` : "")).join("")}`, callback);
  }

  /**
   * mlsd(path, facts): MLSD's entries as [name, facts] (RFC 3659), fact names lower-cased. As in
   * Python a generator: nothing is sent until iteration starts; the listing is then read whole
   * (at most MAX_LISTING_LINES), so the loop may send other commands.
   */
  async *mlsd(
    path = "",
    facts: readonly string[] = [],
  ): AsyncGenerator<[string, Record<string, string>], void> {
    checkArgs(path, ...facts);
    if (facts.length > 0) await this.sendcmd(`OPTS MLST ${facts.join(";")};`);
    const lines = await collectLines(this, path ? `MLSD ${path}` : "MLSD");
    for (const line of lines) yield parseMlsdLine(line);
  }

  /** rename(fromname, toname): RNFR (3xx expected, else error_reply), then RNTO. */
  rename(fromname: string, toname: string): Promise<string> {
    return this._exclusive(async () => {
      checkArgs(fromname, toname);
      const resp = await this._sendcmd_unlocked(`RNFR ${fromname}`);
      if (resp[0] !== "3") throw new error_reply(resp);
      return this._voidcmd_unlocked(`RNTO ${toname}`);
    });
  }

  /** delete(filename): DELE; the reply must be 250 or 200 (else error_reply). */
  delete(filename: string): Promise<string> {
    return this._exclusive(async () => {
      const resp = await this._sendcmd_unlocked(`DELE ${filename}`);
      if (resp.slice(0, 3) === "250" || resp.slice(0, 3) === "200") return resp;
      throw new error_reply(resp);
    });
  }

  /** cwd(dirname): CWD; ".." tries CDUP first (falling back on a 500), "" means ".". */
  cwd(dirname: string): Promise<string> {
    return this._exclusive(async () => {
      if (dirname === "..") {
        try {
          return await this._voidcmd_unlocked("CDUP");
        } catch (err) {
          if (!(err instanceof error_perm) || err.args[0].slice(0, 3) !== "500") throw err;
        }
      } else if (dirname === "") dirname = ".";
      return this._voidcmd_unlocked(`CWD ${dirname}`);
    });
  }

  /** size(filename): SIZE (RFC 3659) -> the size, or null when the reply is not 213. */
  size(filename: string): Promise<number | null> {
    return this._exclusive(async () => {
      const resp = await this._sendcmd_unlocked(`SIZE ${filename}`);
      return resp.slice(0, 3) === "213" ? pyInt(resp.slice(3).trim()) : null;
    });
  }

  /** mkd(dirname) -> the new directory's name as the server gives it ("" for a 2xx other than 257). */
  mkd(dirname: string): Promise<string> {
    return this._exclusive(async () => {
      const resp = await this._voidcmd_unlocked(`MKD ${dirname}`);
      return resp.startsWith("257") ? parse257(resp) : "";
    });
  }

  /** rmd(dirname): RMD. */
  rmd(dirname: string): Promise<string> {
    return this.voidcmd(`RMD ${dirname}`);
  }

  /** pwd() -> the current directory ("" for a 2xx other than 257). */
  pwd(): Promise<string> {
    return this._exclusive(async () => {
      const resp = await this._voidcmd_unlocked("PWD");
      return resp.startsWith("257") ? parse257(resp) : "";
    });
  }

  // ---- beyond Python ---------------------------------------------------------------------

  /** list(path): the directory's entries, parsed: MLSD where FEAT offers MLST, else LIST (Unix or DOS format). */
  list(path = "", options: ListOptions = {}): Promise<FileInfo[]> {
    return list(this, path, options);
  }

  /** download(remote, local, options): RETR into a file path or a Writable; `resume` continues a partial file (REST). */
  download(
    remote: string,
    local: string | NodeJS.WritableStream,
    options: DownloadOptions = {},
  ): Promise<string> {
    return download(this, remote, local, options);
  }

  /** upload(local, remote, options): STOR from a file path, bytes or a stream; `resume` continues with APPE (or REST). */
  upload(local: string | UploadSource, remote: string, options: UploadOptions = {}): Promise<string> {
    return upload(this, local, remote, options);
  }

  /** features(): the lines of the FEAT reply between its first and last (cached per connection); [] when refused. */
  features(): Promise<string[]> {
    this.#features ??= this.sendcmd("FEAT").then(
      (resp) =>
        resp
          .split("\n")
          .slice(1, -1)
          .map((line) => line.trim()),
      (err: unknown) => {
        if (err instanceof error_perm) return [];
        this.#features = null;
        throw err;
      },
    );
    return this.#features;
  }

  protected override _closed(): void {
    this.#features = null;
  }
}
