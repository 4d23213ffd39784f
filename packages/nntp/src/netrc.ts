// Python's netrc module, as far as NNTP(usenetrc=true) needs it: parse a .netrc file and find
// the login for a host. The same tokenizer, the same errors, and the same check that a
// ~/.netrc holding passwords is readable by its owner only.
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** NetrcParseError is netrc.NetrcParseError: a syntax error, or a ~/.netrc others may read. */
export class NetrcParseError extends Error {
  override name = "NetrcParseError";
  readonly msg: string;
  readonly filename: string | null;
  readonly lineno: number | null;

  constructor(msg: string, filename: string | null = null, lineno: number | null = null) {
    super(`${msg} (${filename ?? "None"}, line ${lineno ?? "None"})`);
    this.msg = msg;
    this.filename = filename;
    this.lineno = lineno;
  }
}

/** Authenticator is [login, account, password], as netrc.authenticators() returns it. */
export type Authenticator = [login: string, account: string, password: string];

/**
 * netrc reads a .netrc file (default ~/.netrc, read synchronously as Python does). A missing
 * file throws the OSError of node:fs (ENOENT), which NNTP.login() ignores as Python does.
 */
export class netrc {
  readonly hosts: Map<string, Authenticator> = new Map();
  readonly macros: Map<string, string[]> = new Map();

  constructor(file: string | null = null) {
    const defaultNetrc = file === null;
    const name = file ?? path.join(os.homedir(), ".netrc");
    const fd = openSync(name, "r");
    try {
      const text = readFileSync(fd, "utf8");
      const check = defaultNetrc ? () => securityCheck(fd) : () => {};
      this.#parse(name, text, check);
    } finally {
      closeSync(fd);
    }
  }

  /** authenticators returns [login, account, password] for `host`, else the default entry's, else null. */
  authenticators(host: string): Authenticator | null {
    return this.hosts.get(host) ?? this.hosts.get("default") ?? null;
  }

  #parse(file: string, text: string, check: () => void): void {
    const lexer = new Lexer(text);
    for (;;) {
      const savedLineno = lexer.lineno;
      const tt = lexer.getToken();
      let entryname: string;
      if (!tt) break;
      if (tt[0] === "#") {
        if (lexer.lineno === savedLineno && tt.length === 1) lexer.readline();
        continue;
      }
      if (tt === "machine") entryname = lexer.getToken();
      else if (tt === "default") entryname = "default";
      else if (tt === "macdef") {
        entryname = lexer.getToken();
        const lines: string[] = [];
        this.macros.set(entryname, lines);
        for (;;) {
          const line = lexer.readline();
          if (!line)
            throw new NetrcParseError("Macro definition missing null line terminator.", file, lexer.lineno);
          if (line === "\n") break;
          lines.push(line);
        }
        continue;
      } else throw new NetrcParseError(`bad toplevel token '${tt}'`, file, lexer.lineno);
      if (!entryname) throw new NetrcParseError(`missing '${tt}' name`, file, lexer.lineno);

      let login = "";
      let account = "";
      let password = "";
      for (;;) {
        const prevLineno = lexer.lineno;
        const t = lexer.getToken();
        if (t.startsWith("#")) {
          if (lexer.lineno === prevLineno) lexer.readline();
          continue;
        }
        if (t === "" || t === "machine" || t === "default" || t === "macdef") {
          this.hosts.set(entryname, [login, account, password]);
          lexer.pushToken(t);
          break;
        } else if (t === "login" || t === "user") login = lexer.getToken();
        else if (t === "account") account = lexer.getToken();
        else if (t === "password") password = lexer.getToken();
        else throw new NetrcParseError(`bad follower token '${t}'`, file, lexer.lineno);
      }
      if (login !== "anonymous") check();
    }
  }
}

// netrc._netrclex: whitespace-separated tokens, "quoted" tokens, backslash escapes.
class Lexer {
  lineno = 1;
  #text: string;
  #at = 0;
  #pushback: string[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  #read(): string {
    const ch = this.#text[this.#at] ?? "";
    if (ch) this.#at++;
    if (ch === "\n") this.lineno++;
    return ch;
  }

  readline(): string {
    const end = this.#text.indexOf("\n", this.#at);
    const line = this.#text.slice(this.#at, end === -1 ? undefined : end + 1);
    // As Python's lexer, which reads past a comment or a macro without counting its lines.
    this.#at += line.length;
    return line;
  }

  getToken(): string {
    if (this.#pushback.length > 0) return this.#pushback.shift()!;
    let token = "";
    for (let ch = this.#read(); ch; ch = this.#read()) {
      if (" \t\r\n".includes(ch)) continue;
      if (ch === '"') {
        for (let c = this.#read(); c; c = this.#read()) {
          if (c === '"') return token;
          token += c === "\\" ? this.#read() : c;
        }
        return token;
      }
      token += ch === "\\" ? this.#read() : ch;
      for (let c = this.#read(); c; c = this.#read()) {
        if (" \t\r\n".includes(c)) return token;
        token += c === "\\" ? this.#read() : c;
      }
      return token;
    }
    return token;
  }

  pushToken(token: string): void {
    this.#pushback.push(token);
  }
}

function securityCheck(fd: number): void {
  if (process.platform === "win32" || typeof process.getuid !== "function") return;
  const st = fstatSync(fd);
  const uid = process.getuid();
  if (st.uid !== uid)
    throw new NetrcParseError(`~/.netrc file owner (uid ${st.uid}, uid ${uid}) does not match current user`);
  if (st.mode & 0o077)
    throw new NetrcParseError(
      "~/.netrc access too permissive: access permissions must restrict access to only the owner",
    );
}
