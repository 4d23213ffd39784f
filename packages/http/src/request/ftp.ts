// ftp: URLs, as Python's FTPHandler, CacheFTPHandler and ftpwrapper: log in (anonymous
// unless the URL names a user), CWD to the URL's directories, RETR the file, or LIST when it
// is a directory (a 550 on RETR) or the path ends in "/"; ";type=a|i|d" picks the TYPE.
import { all_errors, error_perm, FTP, FTP_PORT } from "@inetlib/ftp";
import { AbortError, gethostbyname, OSError, pyrepr, type socket } from "@inetlib/socket";
import { HTTPMessage } from "../client/message.js";
import { abortable, throwIfAborted } from "./abort.js";
import { URLError } from "./errors.js";
import { guess_type } from "./mimetypes.js";
import { BaseHandler } from "./opener.js";
import { _splitattr, _splitpasswd, _splitport, _splituser, _splitvalue, unquote } from "./parse.js";
import type { Request } from "./request.js";
import { addinfourl } from "./response.js";

const BLOCK = 64 * 1024;

function isFTPError(err: unknown): err is Error {
  return all_errors.some((klass) => err instanceof klass);
}

/**
 * ftpwrapper: one logged-in FTP connection in the URL's directory, as Python's (which
 * CacheFTPHandler keeps per user, host, port, directory and timeout). `create` connects; each
 * retrfile() opens one transfer, and the connection closes when the last transfer is closed
 * unless it is persistent.
 */
export class ftpwrapper {
  readonly user: string;
  readonly passwd: string;
  readonly host: string;
  readonly port: number;
  readonly dirs: string[];
  readonly timeout: number | null | undefined;
  refcount = 0;
  keepalive: boolean;
  /** A transfer is open on the connection (its final reply not yet read). */
  busy = false;
  ftp: FTP | null = null;
  #stop: AbortController | null = null;

  constructor(
    user: string,
    passwd: string,
    host: string,
    port: number,
    dirs: string[],
    timeout: number | null | undefined,
    persistent = true,
  ) {
    this.user = user;
    this.passwd = passwd;
    this.host = host;
    this.port = port;
    this.dirs = dirs;
    this.timeout = timeout;
    this.keepalive = persistent;
  }

  /**
   * ftpwrapper.create(...): a wrapper, connected and logged in (Python's constructor does
   * this); aborting `signal` meanwhile closes the connection.
   */
  static async create(
    user: string,
    passwd: string,
    host: string,
    port: number,
    dirs: string[],
    timeout: number | null | undefined,
    persistent = true,
    signal: AbortSignal | null = null,
  ): Promise<ftpwrapper> {
    const fw = new ftpwrapper(user, passwd, host, port, dirs, timeout, persistent);
    const stop = (): void => fw.abort();
    signal?.addEventListener("abort", stop, { once: true });
    try {
      if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
      await fw.init();
    } catch (err) {
      fw.close();
      throw err;
    } finally {
      signal?.removeEventListener("abort", stop);
    }
    return fw;
  }

  /** init(): a new connection: connect, log in, CWD to the directories. */
  async init(): Promise<void> {
    this.#drop();
    this.busy = false;
    this.#stop = new AbortController();
    const ftp = new FTP({
      signal: this.#stop.signal,
      ...(this.timeout !== undefined ? { timeout: this.timeout } : {}),
    });
    this.ftp = ftp;
    await ftp.connect(this.host, this.port);
    await ftp.login(this.user, this.passwd);
    await ftp.cwd(this.dirs.join("/"));
  }

  /**
   * retrfile(file, type) -> [body, size]: RETR file (TYPE I or A), or LIST when `file` is
   * empty, `type` is "D", or RETR says 550 and `file` is a directory. size is what the 150
   * reply announced, or null. The body ends after the data connection closes and the
   * transfer's final reply is read, so the connection stays in step for the next transfer.
   */
  async retrfile(file: string, type: string): Promise<[AsyncIterator<Buffer>, number | null]> {
    this.endtransfer();
    const isdir = type === "d" || type === "D";
    const typeCmd = isdir ? "TYPE A" : `TYPE ${type}`;
    let ftp = this.ftp;
    try {
      if (!ftp) throw new OSError(null, "not connected");
      await ftp.voidcmd(typeCmd);
    } catch (err) {
      if (!isFTPError(err)) throw err;
      // The cached connection has gone (timed out, closed by the server): a new one.
      await this.init();
      ftp = this.ftp!;
      await ftp.voidcmd(typeCmd);
    }
    let transfer: [socket, number | null] | null = null;
    if (file && !isdir) {
      try {
        transfer = await ftp.ntransfercmd(`RETR ${file}`);
      } catch (err) {
        if (!(err instanceof error_perm)) throw err;
        if (err.message.slice(0, 3) !== "550") throw new URLError(`ftp error: ${err.message}`);
      }
    }
    if (!transfer) {
      await ftp.voidcmd("TYPE A");
      let cmd = "LIST";
      if (file) {
        const pwd = await ftp.pwd();
        try {
          try {
            await ftp.cwd(file);
          } catch (err) {
            if (err instanceof error_perm)
              throw new URLError(`ftp error: ${err.name}(${pyrepr(err.message)})`);
            throw err;
          }
        } finally {
          await ftp.cwd(pwd);
        }
        cmd = `LIST ${file}`;
      }
      transfer = await ftp.ntransfercmd(cmd);
    }
    this.busy = true;
    this.refcount += 1;
    return [this.#body(ftp, transfer[0]), transfer[1]];
  }

  async *#body(ftp: FTP, conn: socket): AsyncGenerator<Buffer, void, undefined> {
    try {
      for (;;) {
        const block = await conn.recv(BLOCK);
        if (block.length === 0) break;
        yield block;
      }
    } finally {
      await conn.close();
    }
    try {
      await ftp.voidresp();
    } catch (err) {
      if (isFTPError(err)) throw new URLError(err);
      throw err;
    }
    this.endtransfer();
  }

  endtransfer(): void {
    this.busy = false;
  }

  /** close(): closes the connection now, or when its last transfer is closed. */
  close(): void {
    this.keepalive = false;
    if (this.refcount <= 0) this.real_close();
  }

  /** file_close(): a transfer's body was closed; a transfer left unfinished takes the connection with it. */
  file_close(): void {
    if (this.busy) this.#drop();
    this.endtransfer();
    this.refcount -= 1;
    if (this.refcount <= 0 && !this.keepalive) this.real_close();
  }

  real_close(): void {
    this.endtransfer();
    this.#drop();
  }

  /** abort(): closes the connection at once, whatever it is doing (urlopen's signal). */
  abort(): void {
    this.#drop();
  }

  #drop(): void {
    this.#stop?.abort();
    this.#stop = null;
    const ftp = this.ftp;
    this.ftp = null;
    void ftp?.close();
  }
}

/**
 * FTPHandler: ftp: URLs. `ftp://[user[:password]@]host[:port]/dir/file[;type=a|i|d]`; the
 * result's info() has Content-type (guessed from the URL, as Python's mimetypes) and
 * Content-length (when the 150 reply gave the size). FTP errors are URLError.
 */
export class FTPHandler extends BaseHandler {
  async ftp_open(req: Request): Promise<addinfourl> {
    if (!req.host) throw new URLError("ftp error: no host given");
    const signal = req.signal ?? null;
    throwIfAborted(signal);
    const [hostport, portText] = _splitport(req.host);
    const port = portText === null ? FTP_PORT : Number.parseInt(portText, 10);
    let [user, host] = _splituser(hostport);
    let passwd: string | null = null;
    if (user) [user, passwd] = _splitpasswd(user);
    host = unquote(host);
    try {
      host = await gethostbyname(host);
    } catch (err) {
      if (err instanceof OSError) throw new URLError(err);
      throw err;
    }
    const [path, attrs] = _splitattr(req.selector);
    let dirs = path.split("/").map(unquote);
    const file = dirs.pop() ?? "";
    if (dirs.length && !dirs[0]) dirs = dirs.slice(1);
    let fw: ftpwrapper | null = null;
    const open = async (): Promise<addinfourl> => {
      try {
        fw = await this.connect_ftp(user ?? "", passwd ?? "", host, port, dirs, req.timeout, signal);
        let type = file ? "I" : "D";
        for (const a of attrs) {
          const [attr, value] = _splitvalue(a);
          if (
            attr.toLowerCase() === "type" &&
            value !== null &&
            "aAiIdD".includes(value) &&
            value.length === 1
          )
            type = value.toUpperCase();
        }
        const wrapper = fw;
        const [fp, retrlen] = await wrapper.retrfile(file, type);
        const headers = new HTTPMessage();
        const mtype = guess_type(req.full_url)[0];
        if (mtype) headers.add_header("Content-type", mtype);
        if (retrlen !== null && retrlen >= 0) headers.add_header("Content-length", String(retrlen));
        return new addinfourl(fp, headers, req.full_url, null, {
          closehook: () => wrapper.file_close(),
          signal,
        });
      } catch (err) {
        if (isFTPError(err)) throw new URLError(err);
        throw err;
      }
    };
    return abortable(
      signal,
      open,
      () => (fw as ftpwrapper | null)?.abort(),
      (response) => response.close(),
    );
  }

  /**
   * connect_ftp(user, passwd, host, port, dirs, timeout, signal): a new connection for each
   * URL, closed with its response (CacheFTPHandler keeps them). `signal` (beyond Python) is
   * the request's, for the time it takes to connect.
   */
  connect_ftp(
    user: string,
    passwd: string,
    host: string,
    port: number,
    dirs: string[],
    timeout: number | null | undefined,
    signal: AbortSignal | null = null,
  ): Promise<ftpwrapper> {
    return ftpwrapper.create(user, passwd, host, port, dirs, timeout, false, signal);
  }
}

/**
 * CacheFTPHandler: FTPHandler keeping its connections open for reuse, one per user, host,
 * port, directory and timeout: each expires `delay` seconds (60) after its last use, and at
 * most `max_conns` (16) are kept (the one expiring soonest goes). A connection still busy
 * with a transfer is not shared: the URL gets a connection of its own.
 */
export class CacheFTPHandler extends FTPHandler {
  cache = new Map<string, ftpwrapper>();
  timeout = new Map<string, number>();
  soonest = 0;
  delay = 60;
  max_conns = 16;

  setTimeout(t: number): void {
    this.delay = t;
  }

  setMaxConns(m: number): void {
    this.max_conns = m;
  }

  override async connect_ftp(
    user: string,
    passwd: string,
    host: string,
    port: number,
    dirs: string[],
    timeout: number | null | undefined,
    signal: AbortSignal | null = null,
  ): Promise<ftpwrapper> {
    const key = JSON.stringify([user, host, port, dirs.join("/"), timeout ?? null]);
    const cached = this.cache.get(key);
    if (cached?.busy) return ftpwrapper.create(user, passwd, host, port, dirs, timeout, false, signal);
    if (!cached)
      this.cache.set(key, await ftpwrapper.create(user, passwd, host, port, dirs, timeout, true, signal));
    const fw = this.cache.get(key)!;
    this.timeout.set(key, Date.now() / 1000 + this.delay);
    this.check_cache(key);
    return fw;
  }

  /**
   * check_cache(keep): closes the expired connections, then the soonest to expire while over
   * max_conns; never `keep`, the one being handed out (Python's could drop it and fail).
   */
  check_cache(keep: string | null = null): void {
    const t = Date.now() / 1000;
    if (this.soonest <= t) for (const [k, v] of [...this.timeout]) if (v < t && k !== keep) this.#evict(k);
    this.soonest = Math.min(...this.timeout.values());
    while (this.cache.size > Math.max(this.max_conns, 1)) {
      const others = [...this.timeout].filter(([k]) => k !== keep);
      const soonest = Math.min(...others.map(([, v]) => v));
      this.#evict(others.find(([, v]) => v === soonest)![0]);
      this.soonest = Math.min(...this.timeout.values());
    }
  }

  #evict(key: string): void {
    this.cache.get(key)?.close();
    this.cache.delete(key);
    this.timeout.delete(key);
  }

  /** clear_cache(): closes every cached connection. */
  clear_cache(): void {
    for (const conn of this.cache.values()) conn.close();
    this.cache.clear();
    this.timeout.clear();
  }

  override close(): void {
    this.clear_cache();
  }
}
