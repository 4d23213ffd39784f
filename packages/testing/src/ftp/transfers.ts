// Data transfers of a session: PASV/EPSV/PORT/EPRT set up the next data connection; RETR,
// STOR, APPE, LIST, NLST and MLSD run beside the command loop so that ABOR can stop them
// (426 for the transfer, then 226 for ABOR, as RFC 959 4.1.3 describes).
import { AF_INET6, type socket } from "@inetlib/socket";
import { DataError } from "./data.js";
import { dosLine, mlsdLine, unixLine } from "./format.js";
import type { FTPSession } from "./session.js";
import { FileTree, type Node, TreeError } from "./tree.js";

const noop = (): void => {};

/** Transfers runs one session's data transfers, one at a time. */
export class Transfers {
  readonly #s: FTPSession;
  #running: Promise<void> | null = null;
  #conn: socket | null = null;
  #aborted = false;

  constructor(session: FTPSession) {
    this.#s = session;
  }

  get running(): boolean {
    return this.#running !== null;
  }

  async finished(): Promise<void> {
    await this.#running;
  }

  /** plan handles PASV, EPSV, PORT and EPRT. */
  async plan(cmd: string, arg: string): Promise<void> {
    const s = this.#s;
    const v6 = s.sock.family === AF_INET6;
    if (cmd === "PASV") {
      if (v6) return s.reply("522 Network protocol not supported, use (2)");
      const [host, port] = await s.data.passive(s.sock);
      const shown = (s.options.pasvAddress ?? host).split(".").join(",");
      return s.reply(`227 Entering Passive Mode (${shown},${port >> 8},${port & 255}).`);
    }
    if (cmd === "EPSV") {
      if (arg.toUpperCase() === "ALL") return s.reply("200 EPSV ALL ok.");
      const [, port] = await s.data.passive(s.sock);
      return s.reply(`229 Entering Extended Passive Mode (|||${port}|)`);
    }
    if (cmd === "PORT") {
      const n = arg.split(",").map(Number);
      const ok =
        !v6 &&
        n.length === 6 &&
        n.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) &&
        (await s.data.active(s.sock, n.slice(0, 4).join("."), n[4]! * 256 + n[5]!));
      return s.reply(ok ? "200 PORT command successful. Consider using PASV." : "500 Illegal PORT command.");
    }
    const d = arg[0] ?? "|";
    const parts = arg.split(d);
    const ok =
      parts.length === 5 &&
      (parts[1] === "1" || parts[1] === "2") &&
      (parts[1] === "2") === v6 &&
      (await s.data.active(s.sock, parts[2]!, Number(parts[3])));
    return s.reply(ok ? "200 EPRT command successful. Consider using EPSV." : "500 Bad EPRT command.");
  }

  /** start checks a transfer command, then runs it in the background. */
  async start(cmd: string, arg: string): Promise<void> {
    const s = this.#s;
    const rest = s.rest;
    s.rest = null;
    if (!s.data.ready) return s.reply("425 Use PORT or PASV first.");
    if (s.options.requireProtP && s.tls && !s.protP) {
      await s.data.reset();
      return s.reply("521 Data connections must be encrypted.");
    }
    let opening: string;
    let work: (conn: socket) => Promise<void>;
    try {
      [opening, work] = this.#prepare(cmd, arg, rest);
    } catch (err) {
      await s.data.reset();
      if (err instanceof TreeError) return s.reply(err.reply);
      throw err;
    }
    this.#running = this.#run(opening, work).finally(() => {
      this.#running = null;
    });
  }

  /** openData opens the planned data connection for a scripted handler (TLS after PROT P). */
  async openData(): Promise<socket> {
    const s = this.#s;
    const conn = await s.data.secure(await s.data.connect(s.view), s.view);
    return conn;
  }

  /** abort handles ABOR during a transfer: the data connection closes, 426 comes from the transfer, then 226. */
  async abort(): Promise<void> {
    this.#aborted = true;
    if (this.#conn) await this.#s.data.release(this.#conn);
    else await this.#s.data.reset();
    await this.#running;
    this.#aborted = false;
    await this.#s.reply("226 ABOR successful.");
  }

  /** abortQuietly stops a transfer when the session ends. */
  async abortQuietly(): Promise<void> {
    this.#aborted = true;
    if (this.#conn) await this.#conn.close();
    await this.#running?.catch(noop);
  }

  #prepare(cmd: string, arg: string, rest: number | null): [string, (conn: socket) => Promise<void>] {
    const s = this.#s;
    const tree = s.tree;
    if (cmd === "RETR") {
      const path = s.resolve(arg);
      const node = tree.get(path);
      if (node?.type !== "file") throw new TreeError("550 Failed to open file.");
      const size = FileTree.sizeOf(node);
      const opening = `150 Opening BINARY mode data connection for ${arg} (${size} bytes).`;
      return [opening, (conn) => sendBlocks(conn, tree.read(path, rest ?? 0))];
    }
    if (cmd === "STOR" || cmd === "APPE") {
      const path = s.resolve(arg);
      if (!arg || tree.get(path)?.type === "dir") throw new TreeError("553 Could not create file.");
      return [
        `150 Ok to send data.`,
        async (conn) => {
          const chunks: Buffer[] = [];
          for (;;) {
            const chunk = await conn.recv(1 << 20);
            if (chunk.length === 0) break;
            chunks.push(chunk);
          }
          const data = Buffer.concat(chunks);
          if (cmd === "APPE") tree.append(path, data);
          else if (rest !== null) tree.append(path, data, rest);
          else tree.write(path, data, new Date());
        },
      ];
    }
    const target = s.resolve(
      arg
        .split(" ")
        .filter((a) => !a.startsWith("-"))
        .join(" ") || ".",
    );
    const node = tree.get(target);
    if (!node)
      throw new TreeError(cmd === "MLSD" ? "550 No such directory." : "550 No such file or directory.");
    if (cmd === "MLSD" && !(s.options.mlsd ?? true)) throw new TreeError("500 Unknown command.");
    if (cmd === "MLSD" && node.type !== "dir") throw new TreeError("501 Not a directory.");
    const entries: [string, Node][] =
      node.type === "dir" ? tree.list(target) : [[target.split("/").pop()!, node]];
    const now = s.options.now?.() ?? new Date();
    let lines: string[];
    if (cmd === "NLST") lines = entries.map(([name]) => name);
    else if (cmd === "MLSD") {
      const parent = tree.get(FileTree.normalize("..", target))!;
      lines = [
        mlsdLine(".", node, "cdir"),
        mlsdLine("..", parent, "pdir"),
        ...entries.map(([n, e]) => mlsdLine(n, e)),
      ];
    } else if (s.options.listFormat === "dos") lines = entries.map(([n, e]) => dosLine(n, e));
    else lines = entries.map(([n, e]) => unixLine(n, e, now));
    const body = s.encode(lines.map((l) => `${l}\r\n`).join(""));
    const what = cmd === "MLSD" ? "MLSD" : "directory listing";
    return [
      `150 Here comes the ${what}.`,
      async (conn) => {
        if (body.length > 0) await conn.sendall(body);
      },
    ];
  }

  async #run(opening: string, work: (conn: socket) => Promise<void>): Promise<void> {
    const s = this.#s;
    let conn: socket | null = null;
    try {
      conn = await s.data.connect(s.view);
      this.#conn = conn;
      await s.reply(opening);
      conn = await s.data.secure(conn, s.view);
      this.#conn = conn;
      await work(conn);
      await s.data.release(conn);
      await s.reply(this.#aborted ? "426 Failure writing network stream." : "226 Transfer complete.");
    } catch (err) {
      if (conn) await s.data.release(conn);
      if (this.#aborted) await s.reply("426 Failure writing network stream.").catch(noop);
      else if (err instanceof DataError || err instanceof TreeError) await s.reply(err.reply).catch(noop);
      else await s.reply("426 Failure writing network stream.").catch(noop);
    } finally {
      this.#conn = null;
    }
  }
}

/**
 * sendBlocks writes blocks keeping the kernel's buffer full: a write is not waited for unless
 * Node asks to ('drain'), where sendall() would wait for each block in turn.
 */
async function sendBlocks(conn: socket, blocks: Iterable<Buffer>): Promise<void> {
  const stream = conn._stream;
  if (!stream) throw new Error("data connection closed");
  for (const block of blocks) {
    if (stream.destroyed || stream.writableEnded) throw new Error("data connection closed");
    if (!stream.write(block)) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          stream.off("drain", onDrain);
          stream.off("close", onClose);
          stream.off("error", done);
          if (err) reject(err);
          else resolve();
        };
        const onDrain = () => done();
        const onClose = () => done(new Error("data connection closed"));
        stream.on("drain", onDrain);
        stream.on("close", onClose);
        stream.on("error", done);
      });
    }
  }
}
