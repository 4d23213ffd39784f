// The data-connection half of ftplib.FTP: PORT/EPRT and PASV/EPSV, ntransfercmd(), and the
// transfers built on it (retrbinary, retrlines, storbinary, storlines) with their iterator
// forms. ftp-base.ts below holds the control connection; ftp.ts above, the commands.
import { Readable } from "node:stream";
import {
  AbortError,
  AF_INET,
  AF_INET6,
  create_connection,
  oserror,
  SOCK_STREAM,
  socket,
} from "@inetlib/socket";
import { checkArgs } from "./args.js";
import { error_perm, error_proto, error_reply } from "./errors.js";
import { FTPBase } from "./ftp-base.js";
import { BLOCKSIZE } from "./limits.js";
import {
  type BinaryCallback,
  binaryBlocks,
  type LineCallback,
  print_line,
  pumpBinary,
  pumpLines,
  pumpStore,
  pumpStoreLines,
} from "./pumps.js";
import { eprtCommand, parse150, parse227, parse229, portCommand } from "./replies.js";
import type { ReadlineFile, UploadSource } from "./sources.js";
import { textLines } from "./text-lines.js";
import { runTransfer, type Transfer, type TransferOptions } from "./transfer.js";
import { unboundCallback } from "./unbound.js";

/** Options of the binary transfers beyond Python's positional arguments. */
export interface BinaryOptions extends TransferOptions {
  /** The most bytes read or sent at once (8192 by default, as Python's). */
  blocksize?: number;
  /** Sent as REST before the transfer command: where to start. */
  rest?: number | string | null;
}

/** Options of storbinary() given as an object. */
export interface StoreOptions extends BinaryOptions {
  /** Called with each block after it is sent. */
  callback?: BinaryCallback | null;
}

const noop = (): void => {};

/** FTPData is the data connections and transfers of FTP (use FTP or FTP_TLS). */
export abstract class FTPData extends FTPBase {
  /** The control connection whose server refused EPSV (epsv's fallback to PASV holds for it). */
  #epsvRefusedOn: socket | null = null;

  // ---- data connections ------------------------------------------------------------------

  /** sendport(host, port): PORT h1,h2,h3,h4,p1,p2 (RFC 959). */
  sendport(host: string, port: number): Promise<string> {
    return this.voidcmd(portCommand(host, port));
  }

  /** sendeprt(host, port): EPRT |af|host|port| (RFC 2428); error_proto for a family other than IPv4 and IPv6. */
  sendeprt(host: string, port: number): Promise<string> {
    const af = this.af === AF_INET ? 1 : this.af === AF_INET6 ? 2 : 0;
    if (af === 0) return Promise.reject(new error_proto("unsupported address family"));
    return this.voidcmd(eprtCommand(af, host, port));
  }

  /**
   * makeport(): a listening socket for an active-mode data connection, announced with PORT
   * (IPv4) or EPRT (IPv6). It listens on the control connection's local address only (Python
   * listens on every interface); its accept() waits at most `timeout`.
   */
  makeport(): Promise<socket> {
    return this._exclusive(() => this.#makeport());
  }

  async #makeport(): Promise<socket> {
    const host = (this.#control().getsockname() as [string, number])[0];
    const sock = new socket(this.af, SOCK_STREAM, 0, this.signal ? { signal: this.signal } : {});
    try {
      await sock.bind([host, 0]);
      await sock.listen(1);
      const port = (sock.getsockname() as [string, number])[1];
      if (this.af === AF_INET) await this._voidcmd_unlocked(portCommand(host, port));
      else if (this.af === AF_INET6) await this._voidcmd_unlocked(eprtCommand(2, host, port));
      else throw new error_proto("unsupported address family");
      if (this.timeout !== undefined) sock.settimeout(this.timeout);
      return sock;
    } catch (err) {
      await sock.close();
      throw err;
    }
  }

  /**
   * makepasv() -> [host, port] for a passive data connection: PASV on IPv4, EPSV on IPv6.
   * With `epsv` set, IPv4 tries EPSV first and falls back to PASV when the server refuses it
   * (5xx) or answers a 229 that cannot be read; the fallback holds for the connection.
   */
  makepasv(): Promise<[string, number]> {
    return this._exclusive(() => this.#makepasv());
  }

  async #makepasv(): Promise<[string, number]> {
    const control = this.#control();
    const peer = control.getpeername() as [string, number];
    if (this.af === AF_INET && this.epsv && this.#epsvRefusedOn !== control) {
      try {
        return parse229(await this._sendcmd_unlocked("EPSV"), peer);
      } catch (err) {
        if (!(err instanceof error_perm || err instanceof error_proto)) throw err;
        this.#epsvRefusedOn = control;
      }
    }
    if (this.af === AF_INET) {
      const [untrusted, port] = parse227(await this._sendcmd_unlocked("PASV"));
      return [this.trust_server_pasv_ipv4_address ? untrusted : peer[0], port];
    }
    return parse229(await this._sendcmd_unlocked("EPSV"), peer);
  }

  /**
   * ntransfercmd(cmd, rest) -> [data connection, size]: opens the data connection (passive or
   * active), sends REST when `rest` is given, then `cmd`, and expects 1xx; `size` is what a 150
   * reply announces, or null. The caller reads or writes the connection, closes it, and reads
   * the final reply with voidresp().
   */
  ntransfercmd(cmd: string, rest: number | string | null = null): Promise<[socket, number | null]> {
    return this._exclusive(() => this._ntransfercmd_unlocked(cmd, rest));
  }

  /** _ntransfercmd_unlocked is ntransfercmd() for a caller that holds the lock (FTP_TLS wraps it). */
  protected async _ntransfercmd_unlocked(
    cmd: string,
    rest: number | string | null = null,
  ): Promise<[socket, number | null]> {
    checkArgs(cmd, rest);
    const start = async (): Promise<string> => {
      if (rest !== null && rest !== undefined) await this._sendcmd_unlocked(`REST ${rest}`);
      let resp = await this._sendcmd_unlocked(cmd);
      // Some servers send a 2xx before the 1xx; Python skips it.
      if (resp[0] === "2") resp = await this._getresp_unlocked();
      if (resp[0] !== "1") throw new error_reply(resp);
      return resp;
    };
    let conn: socket;
    let resp: string;
    if (this.passiveserver) {
      const [host, port] = await this.#makepasv();
      const options = this.signal ? { signal: this.signal } : {};
      conn = await create_connection([host, port], this.timeout, this.source_address, options);
      try {
        resp = await start();
      } catch (err) {
        await conn.close();
        throw err;
      }
    } else {
      const listener = await this.#makeport();
      try {
        resp = await start();
        [conn] = await listener.accept();
        if (this.timeout !== undefined) conn.settimeout(this.timeout);
      } finally {
        await listener.close();
      }
    }
    return [conn, resp.slice(0, 3) === "150" ? parse150(resp) : null];
  }

  /** transfercmd(cmd, rest): ntransfercmd() without the size. */
  async transfercmd(cmd: string, rest: number | string | null = null): Promise<socket> {
    return (await this.ntransfercmd(cmd, rest))[0];
  }

  // ---- transfers -------------------------------------------------------------------------

  /**
   * retrbinary(cmd, callback, blocksize, rest): a binary transfer (TYPE I), each block of at most
   * `blocksize` bytes to `callback` (awaited when it returns a Promise). The third argument may
   * be an options object ({ blocksize, rest, signal, progress }). Returns the final reply.
   */
  retrbinary(
    cmd: string,
    callback: BinaryCallback,
    blocksize: number | BinaryOptions = BLOCKSIZE,
    rest: number | string | null = null,
  ): Promise<string> {
    const unbound = unboundCallback("retrbinary", callback);
    if (unbound) return Promise.reject(unbound);
    const o = binaryOptions(blocksize, rest);
    const pump = pumpBinary(callback, o.blocksize);
    return this.#transfer(o, () => this._voidcmd_unlocked("TYPE I"), cmd, o.rest, pump);
  }

  /** retrlines(cmd, callback): a text transfer (TYPE A), each line without its ending to `callback` (default: print it). */
  retrlines(
    cmd: string,
    callback: LineCallback | null = null,
    options: TransferOptions = {},
  ): Promise<string> {
    const unbound = unboundCallback("retrlines", callback);
    if (unbound) return Promise.reject(unbound);
    const pump = pumpLines(callback ?? print_line, this.maxline, this._codec(), this.debugtrace);
    return this.#transfer(options, () => this._sendcmd_unlocked("TYPE A"), cmd, null, pump);
  }

  /**
   * storbinary(cmd, fp, blocksize, callback, rest): a binary upload (TYPE I) of `fp`: a file with
   * read(n) (as Python's), bytes, or an (async) iterable of bytes such as a Node Readable.
   * `callback` gets each block after it is sent. The third argument may be an options object
   * ({ blocksize, rest, callback, signal, progress }). Returns the final reply.
   */
  storbinary(
    cmd: string,
    fp: UploadSource,
    blocksize: number | StoreOptions = BLOCKSIZE,
    callback: BinaryCallback | null = null,
    rest: number | string | null = null,
  ): Promise<string> {
    const o = binaryOptions(blocksize, rest);
    const cb = typeof blocksize === "object" ? (blocksize.callback ?? null) : callback;
    const unbound = unboundCallback("storbinary", cb);
    if (unbound) return Promise.reject(unbound);
    return this.#transfer(
      o,
      () => this._voidcmd_unlocked("TYPE I"),
      cmd,
      o.rest,
      pumpStore(fp, o.blocksize, cb),
    );
  }

  /**
   * storlines(cmd, fp, callback): a text upload (TYPE A) line by line, each sent with CRLF. `fp`
   * is a file with readline() (as Python's) or any form storbinary() takes.
   */
  storlines(
    cmd: string,
    fp: UploadSource | ReadlineFile,
    callback: BinaryCallback | null = null,
    options: TransferOptions = {},
  ): Promise<string> {
    const unbound = unboundCallback("storlines", callback);
    if (unbound) return Promise.reject(unbound);
    const pump = pumpStoreLines(fp, this.maxline, callback);
    return this.#transfer(options, () => this._voidcmd_unlocked("TYPE A"), cmd, null, pump);
  }

  /**
   * iterbinary(cmd, options): a binary transfer as an async iterator of blocks, returning the
   * final reply. Leaving the loop early aborts the transfer (ABOR) and keeps the connection
   * usable. No other command may be sent until the iteration ends.
   */
  iterbinary(cmd: string, options: BinaryOptions = {}): AsyncGenerator<Buffer, string, undefined> {
    const blocksize = options.blocksize ?? BLOCKSIZE;
    const setup = () => this._voidcmd_unlocked("TYPE I");
    return this.#iterate(options, setup, cmd, options.rest ?? null, (t) => binaryBlocks(t, blocksize));
  }

  /** iterlines(cmd, options): a text transfer as an async iterator of lines, as retrlines() reads them. */
  iterlines(cmd: string, options: TransferOptions = {}): AsyncGenerator<string, string, undefined> {
    return this.#iterate(
      options,
      () => this._sendcmd_unlocked("TYPE A"),
      cmd,
      null,
      (t) => this.#lines(t),
    );
  }

  /** retrstream(cmd, options): iterbinary() as a Node Readable. */
  retrstream(cmd: string, options: BinaryOptions = {}): Readable {
    return Readable.from(this.iterbinary(cmd, options), { objectMode: false });
  }

  // ---- internals -------------------------------------------------------------------------

  #control(): socket {
    if (!this.sock) throw oserror("ENOTCONN", "not connected (call connect() first)");
    return this.sock;
  }

  #lines(t: Transfer): AsyncGenerator<string, void, undefined> {
    return textLines(t, this.maxline, this._codec(), this.debugtrace);
  }

  #transfer(
    options: TransferOptions,
    setType: () => Promise<string>,
    cmd: string,
    rest: number | string | null,
    pump: (t: Transfer) => Promise<void>,
  ): Promise<string> {
    return this._exclusive(async () => {
      checkArgs(cmd, rest);
      if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
      await setType();
      const [conn, size] = await this._ntransfercmd_unlocked(cmd, rest);
      return runTransfer(this._beginTransfer(conn, size, options), pump, this.signal);
    });
  }

  async *#iterate<T>(
    options: TransferOptions,
    setType: () => Promise<string>,
    cmd: string,
    rest: number | string | null,
    items: (t: Transfer) => AsyncIterable<T>,
  ): AsyncGenerator<T, string, undefined> {
    checkArgs(cmd, rest);
    const release = await this._hold();
    let transfer: Transfer | null = null;
    let finished = false;
    try {
      if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
      await setType();
      const [conn, size] = await this._ntransfercmd_unlocked(cmd, rest);
      transfer = this._beginTransfer(conn, size, options);
      transfer.start();
      let pumpError: unknown = null;
      try {
        for await (const item of items(transfer)) yield item;
      } catch (err) {
        pumpError = err ?? new Error("transfer failed");
      }
      finished = true;
      return await transfer.finish(pumpError);
    } finally {
      if (transfer && !finished) {
        // The loop was left early: stop the transfer and keep the connection in step.
        await transfer.abort().catch(noop);
        await transfer.finish(null).catch(noop);
      }
      release();
    }
  }
}

function binaryOptions(
  blocksize: number | BinaryOptions,
  rest: number | string | null,
): BinaryOptions & { blocksize: number; rest: number | string | null } {
  if (typeof blocksize !== "object") return { blocksize, rest };
  return { ...blocksize, blocksize: blocksize.blocksize ?? BLOCKSIZE, rest: blocksize.rest ?? null };
}
