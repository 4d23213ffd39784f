// One client's session: the command loop, logging in, TLS, and the file commands. Transfers
// run beside the loop (transfers.ts) so that ABOR can arrive while data flows.
import { LineTooLong, Reader, type SSLContext, SSLSocket, type socket, stripEOL } from "@inetlib/socket";
import { type ControlView, DataChannel } from "./data.js";
import { mlsdTime } from "./format.js";
import type { FTPServerOptions, SessionHandle } from "./options.js";
import { Transfers } from "./transfers.js";
import { FileTree, TreeError } from "./tree.js";

/** ConnectionRecord is what one client did, for tests to check. */
export interface ConnectionRecord {
  /** Every line the client sent on the control connection, CRLF included (decrypted after AUTH TLS). */
  readonly received: Buffer[];
  /** Whether the control connection is on TLS. */
  tls: boolean;
  /** Each data connection: TLS or not, and whether it resumed the control connection's TLS session. */
  readonly data: { tls: boolean; sessionReused: boolean }[];
  /** Settles when the connection has ended. */
  readonly closed: Promise<void>;
}

const MAXLINE = 8192;
const OPEN_COMMANDS = new Set([
  "USER",
  "PASS",
  "ACCT",
  "AUTH",
  "PBSZ",
  "PROT",
  "FEAT",
  "SYST",
  "QUIT",
  "NOOP",
  "OPTS",
  "HELP",
]);
const FEATURES = ["EPRT", "EPSV", "MDTM", "PASV", "REST STREAM", "SIZE", "TVFS", "UTF8"];

/** FTPSession serves one control connection. */
export class FTPSession implements SessionHandle {
  readonly tree: FileTree;
  cwd = "/";
  user: string | null = null;
  readonly options: FTPServerOptions;
  readonly record: ConnectionRecord;
  readonly data: DataChannel;
  sock: socket;
  protP = false;
  #tlsContext: SSLContext | null;
  #reader: Reader;
  #pendingUser: string | null = null;
  #renameFrom: string | null = null;
  rest: number | null = null;
  #transfers: Transfers;
  #quit = false;
  #stop!: () => void;
  /** Settles when close() is called: a scripted handler that never returns does not hold the server. */
  readonly stopped = new Promise<void>((resolve) => (this.#stop = resolve));

  constructor(
    sock: socket,
    options: FTPServerOptions,
    tree: FileTree,
    tls: SSLContext | null,
    record: ConnectionRecord,
  ) {
    this.sock = sock;
    this.options = options;
    this.tree = tree;
    this.#tlsContext = tls;
    this.record = record;
    this.data = new DataChannel(record.data);
    this.#reader = new Reader(sock);
    this.#transfers = new Transfers(this);
  }

  get tls(): boolean {
    return this.sock instanceof SSLSocket;
  }

  /** What the data side needs to know of the control connection. */
  get view(): ControlView {
    return {
      sock: this.sock,
      protP: this.protP,
      tls: this.#tlsContext,
      requireSessionReuse: this.options.requireSessionReuse ?? false,
      timeout: this.options.dataTimeout ?? 10,
    };
  }

  resolve(path: string): string {
    return FileTree.normalize(path, this.cwd);
  }

  encode(text: string): Buffer {
    return Buffer.from(text, this.options.encoding === "latin-1" ? "latin1" : "utf8");
  }

  async send(bytes: string | Uint8Array): Promise<void> {
    const data = typeof bytes === "string" ? this.encode(bytes) : Buffer.from(bytes);
    const pieces = this.options.chunker ? this.options.chunker(data) : [data];
    for (const piece of pieces) {
      await this.sock.sendall(piece);
      if (pieces.length > 1) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async reply(text: string): Promise<void> {
    await this.send(`${text.split("\n").join("\r\n")}\r\n`);
  }

  openData(): Promise<socket> {
    return this.#transfers.openData();
  }

  /** run serves the connection until QUIT, end of stream or an error. */
  async run(): Promise<void> {
    await this.reply(this.options.welcome ?? "220 inetlib FTP server ready.");
    while (!this.#quit) {
      let raw: Buffer;
      try {
        raw = await this.#reader.readline(MAXLINE);
      } catch (err) {
        if (err instanceof LineTooLong) await this.reply("500 Command line too long.");
        throw err;
      }
      if (raw.length === 0) return;
      this.record.received.push(raw);
      const line = stripEOL(raw).toString(this.options.encoding === "latin-1" ? "latin1" : "utf8");
      const space = line.indexOf(" ");
      const cmd = (space === -1 ? line : line.slice(0, space)).toUpperCase();
      const arg = space === -1 ? "" : line.slice(space + 1);
      if (this.#transfers.running) {
        if (cmd === "ABOR") {
          await this.#transfers.abort();
          continue;
        }
        await this.#transfers.finished();
      }
      await this.#dispatch(cmd, arg);
    }
  }

  async close(): Promise<void> {
    this.#stop();
    await this.#transfers.abortQuietly();
    await this.data.close();
    await this.sock.close();
  }

  async #dispatch(cmd: string, arg: string): Promise<void> {
    const replaced = this.options.respond?.(cmd, arg, this);
    if (replaced !== undefined) return this.reply(replaced);
    const handler = this.options.handlers?.[cmd];
    if (handler) return handler(this, arg);
    if (!this.user && !OPEN_COMMANDS.has(cmd)) return this.reply("530 Please login with USER and PASS.");
    try {
      await this.#command(cmd, arg);
    } catch (err) {
      if (err instanceof TreeError) return this.reply(err.reply);
      throw err;
    }
  }

  async #command(cmd: string, arg: string): Promise<void> {
    const tree = this.tree;
    switch (cmd) {
      case "USER":
        if (this.options.requireTLS && !this.tls)
          return this.reply("530 Non-anonymous sessions must use encryption.");
        this.user = null;
        this.#pendingUser = arg;
        return this.reply("331 Please specify the password.");
      case "PASS": {
        const name = this.#pendingUser;
        if (name === null) return this.reply("503 Login with USER first.");
        const anonymous = (this.options.anonymous ?? true) && (name === "anonymous" || name === "ftp");
        const users = this.options.users ?? { user: "pass" };
        if (!anonymous && users[name] !== arg) return this.reply("530 Login incorrect.");
        this.user = name;
        return this.reply("230 Login successful.");
      }
      case "ACCT":
        return this.reply("202 ACCT not needed.");
      case "AUTH":
        return this.#auth(arg);
      case "PBSZ":
        return this.reply(this.tls ? "200 PBSZ set to 0." : "503 PBSZ needs a secure connection.");
      case "PROT": {
        if (!this.tls) return this.reply("503 PROT needs a secure connection.");
        const level = arg.toUpperCase();
        if (level !== "C" && level !== "P") return this.reply("504 PROT not supported.");
        this.protP = level === "P";
        return this.reply(`200 PROT now ${this.protP ? "Private" : "Clear"}.`);
      }
      case "CCC":
        return this.reply("534 CCC not supported.");
      case "FEAT": {
        const features = [...FEATURES];
        if (this.options.mlsd ?? true) features.push("MLST type*;size*;modify*;perm*;");
        if (this.#tlsContext) features.push("AUTH TLS", "PBSZ", "PROT");
        features.sort();
        return this.reply(["211-Features:", ...features.map((f) => ` ${f}`), "211 End"].join("\n"));
      }
      case "SYST":
        return this.reply("215 UNIX Type: L8");
      case "NOOP":
        return this.reply("200 NOOP ok.");
      case "HELP":
        return this.reply(
          "214-The following commands are recognized.\n ABOR ACCT APPE AUTH CDUP CWD DELE EPRT EPSV FEAT\n214 Help OK.",
        );
      case "OPTS":
        return this.reply(/^MLST /i.test(arg) ? `200 MLST OPTS ${arg.slice(5)}` : "200 Always in UTF8 mode.");
      case "QUIT":
        this.#quit = true;
        return this.reply("221 Goodbye.");
      case "TYPE": {
        const t = arg.toUpperCase();
        if (t === "I" || t === "L 8") return this.reply("200 Switching to Binary mode.");
        if (t === "A" || t === "A N") return this.reply("200 Switching to ASCII mode.");
        return this.reply("500 Unrecognised TYPE command.");
      }
      case "MODE":
        return this.reply(arg.toUpperCase() === "S" ? "200 Mode set to S." : "504 Bad MODE command.");
      case "STRU":
        return this.reply(arg.toUpperCase() === "F" ? "200 Structure set to F." : "504 Bad STRU command.");
      case "PWD":
        return this.reply(`257 "${this.cwd.replaceAll('"', '""')}" is the current directory`);
      case "CWD":
      case "CDUP": {
        const to = this.resolve(cmd === "CDUP" ? ".." : arg);
        if (tree.get(to)?.type !== "dir") return this.reply("550 Failed to change directory.");
        this.cwd = to;
        return this.reply("250 Directory successfully changed.");
      }
      case "MKD": {
        const path = this.resolve(arg);
        if (!arg || tree.get(path)) return this.reply("550 Create directory operation failed.");
        tree.mkdirs(path);
        return this.reply(`257 "${path.replaceAll('"', '""')}" created`);
      }
      case "RMD":
        tree.rmdir(this.resolve(arg));
        return this.reply("250 Remove directory operation successful.");
      case "DELE":
        tree.remove(this.resolve(arg));
        return this.reply("250 Delete operation successful.");
      case "RNFR":
        this.#renameFrom = null;
        if (!tree.get(this.resolve(arg))) return this.reply("550 RNFR command failed.");
        this.#renameFrom = this.resolve(arg);
        return this.reply("350 Ready for RNTO.");
      case "RNTO": {
        const from = this.#renameFrom;
        this.#renameFrom = null;
        if (from === null) return this.reply("503 RNFR required first.");
        tree.rename(from, this.resolve(arg));
        return this.reply("250 Rename successful.");
      }
      case "SIZE": {
        const node = tree.get(this.resolve(arg));
        if (node?.type !== "file") return this.reply("550 Could not get file size.");
        return this.reply(`213 ${FileTree.sizeOf(node)}`);
      }
      case "MDTM": {
        const node = tree.get(this.resolve(arg));
        if (node?.type !== "file") return this.reply("550 Could not get file modification time.");
        return this.reply(`213 ${mlsdTime(node.mtime)}`);
      }
      case "REST": {
        const n = Number(arg);
        if (!/^\d+$/.test(arg) || !Number.isSafeInteger(n)) return this.reply("501 REST needs a number.");
        this.rest = n;
        return this.reply(`350 Restart position accepted (${n}).`);
      }
      case "PASV":
      case "EPSV":
      case "PORT":
      case "EPRT":
        return this.#transfers.plan(cmd, arg);
      case "RETR":
      case "STOR":
      case "APPE":
      case "LIST":
      case "NLST":
      case "MLSD":
        return this.#transfers.start(cmd, arg);
      case "ABOR":
        return this.reply("225 No transfer to ABOR.");
      default:
        return this.reply("500 Unknown command.");
    }
  }

  async #auth(arg: string): Promise<void> {
    const kind = arg.toUpperCase();
    if (!this.#tlsContext || (kind !== "TLS" && kind !== "SSL" && kind !== "TLS-C"))
      return this.reply("504 AUTH type not supported.");
    if (this.tls) return this.reply("503 Already using TLS.");
    await this.reply("234 Proceed with negotiation.");
    await this.secure();
  }

  /** secure puts the control connection on TLS (AUTH TLS, or implicit FTPS before the greeting). */
  async secure(): Promise<void> {
    this.#reader.discard();
    this.sock = await this.#tlsContext!.wrap_socket(this.sock, { server_side: true });
    this.#reader.reset(this.sock);
    this.record.tls = true;
  }
}
