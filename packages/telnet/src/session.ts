// login() and run(): the two jobs nearly every telnetlib script does by hand with read_until
// and write: answer the login and password prompts, then send a command and collect its output
// up to the next shell prompt.
import { checkArgument, EOFError, TimeoutError } from "@inetlib/socket";
import { BINARY, ECHO as ECHO_OPTION } from "./codes.js";
import { LoginError } from "./errors.js";
import { compilePattern, type Pattern } from "./expect.js";

/** Default prompts, matched at the end of what has arrived (case-insensitive where it makes sense). */
export const DEFAULT_PROMPTS = Object.freeze({
  login: /(?:login|user ?name|user)[^\n]*: *$/i,
  password: /password[^\n]*: *$/i,
  shell: /[$#>%] *$/,
  failure:
    /login incorrect|authentication fail|access denied|permission denied|invalid (?:login|password|user)/i,
});

export interface LoginOptions {
  /** The login prompt (default DEFAULT_PROMPTS.login: "login: ", "Username: "). */
  loginPrompt?: Pattern;
  /** The password prompt (default DEFAULT_PROMPTS.password). */
  passwordPrompt?: Pattern;
  /** The shell prompt; kept for run() (default DEFAULT_PROMPTS.shell: ends with $, #, > or %). */
  prompt?: Pattern;
  /** What the server says when it refuses (default DEFAULT_PROMPTS.failure: "Login incorrect", ...). */
  failure?: Pattern;
  /** Seconds to wait for each prompt (default: the connection's timeout). */
  timeout?: number | null;
  /**
   * The line ending sent after the user name and password (default CR LF, the NVT newline; CR
   * alone while we send BINARY, see lineEnd()).
   */
  eol?: string;
}

export interface RunOptions {
  /** The shell prompt that ends the output (default: login()'s, else DEFAULT_PROMPTS.shell). */
  prompt?: Pattern;
  /** Seconds to wait for the prompt (default: the connection's timeout); `timeout` error after it. */
  timeout?: number | null;
  /** The line ending sent after the command (default CR LF; CR alone while we send BINARY). */
  eol?: string;
}

/** What login() and run() use of a Telnet. */
export interface SessionTarget {
  eof: boolean;
  prompt: RegExp | null;
  read_very_eager(): Promise<Buffer>;
  remote_enabled(option: number): boolean;
  local_enabled(option: number): boolean;
  write(buffer: Uint8Array): Promise<void>;
  expect(
    list: readonly Pattern[],
    timeout?: number | null,
  ): Promise<[number, RegExpExecArray | null, Buffer]>;
  _maskNextWrite(): void;
}

/**
 * login(tn, user, password): waits for the login prompt, sends the user name, answers the
 * password prompt if one comes, and waits for the shell prompt. Returns what the server sent
 * after the password (the banner, the message of the day), newlines as "\n". Raises
 * LoginError when the server refuses or asks again, or a prompt does not come in time.
 */
export async function login(
  tn: SessionTarget,
  user: string,
  password: string,
  options: LoginOptions = {},
): Promise<string> {
  checkArgument(user);
  checkArgument(password);
  const loginPrompt = compilePattern(options.loginPrompt ?? DEFAULT_PROMPTS.login);
  const passwordPrompt = compilePattern(options.passwordPrompt ?? DEFAULT_PROMPTS.password);
  const shell = compilePattern(options.prompt ?? DEFAULT_PROMPTS.shell);
  const failure = compilePattern(options.failure ?? DEFAULT_PROMPTS.failure);
  const timeout = options.timeout ?? null;

  const [first, , banner] = await tn.expect([loginPrompt], timeout);
  if (first === -1) throw new LoginError(missing(tn, "login prompt"), toText(banner));
  // Options are settled by the time the prompt is here, BINARY among them.
  const eol = options.eol ?? lineEnd(tn);
  await tn.write(Buffer.from(user + eol, "utf8"));

  // failure first: "Login incorrect" comes with a new login prompt in the same read.
  let [i, m, text] = await tn.expect([failure, passwordPrompt, shell], timeout);
  let outcome = (["refused", "password", "shell"] as const)[i] ?? "none";
  if (outcome === "password") {
    tn._maskNextWrite();
    await tn.write(Buffer.from(password + eol, "utf8"));
    [i, m, text] = await tn.expect([failure, shell, loginPrompt], timeout);
    outcome = (["refused", "shell", "refused"] as const)[i] ?? "none";
  }
  if (outcome === "shell" && m) {
    tn.prompt = shell;
    return beforePromptLine(text, m.index);
  }
  if (outcome === "refused") throw new LoginError("login refused", toText(text));
  throw new LoginError(missing(tn, "shell prompt"), toText(text));
}

/**
 * run(tn, command): sends a command line and returns its output up to the next shell prompt,
 * as text with "\n" newlines, without the echoed command line and the prompt's line (so output
 * not ending in a newline, as printf's, is lost with it). Data that arrived before the command
 * was sent is dropped. When the connection closes instead (exit, logout), returns what came
 * before. CR, LF and NUL in the command are refused (ValueError) before anything is sent.
 */
export async function run(tn: SessionTarget, command: string, options: RunOptions = {}): Promise<string> {
  checkArgument(command);
  const prompt = options.prompt ? compilePattern(options.prompt) : (tn.prompt ?? DEFAULT_PROMPTS.shell);
  const timeout = options.timeout ?? null;
  const deadline = timeout === null ? null : Date.now() + timeout * 1000;
  // What arrived before the command is not its output (a prompt the shell redrew, ...).
  await tn.read_very_eager().catch((err: unknown) => {
    if (!(err instanceof EOFError)) throw err;
  });
  const echoing = tn.remote_enabled(ECHO_OPTION);
  const typed = Buffer.from(command, "utf8");
  await tn.write(Buffer.from(command + (options.eol ?? lineEnd(tn)), "utf8"));
  const parts: Buffer[] = [];
  let output: string;
  for (;;) {
    let result: [number, RegExpExecArray | null, Buffer];
    try {
      result = await tn.expect(
        [prompt],
        deadline === null ? null : Math.max(0, deadline - Date.now()) / 1000,
      );
    } catch (err) {
      if (err instanceof EOFError) return parts.length ? clean(toText(Buffer.concat(parts)), command) : "";
      throw err;
    }
    const [i, m, text] = result;
    parts.push(text);
    if (i === -1) {
      if (!tn.eof) throw new TimeoutError();
      output = toText(Buffer.concat(parts));
      break;
    }
    const all = Buffer.concat(parts);
    const at = all.length - text.length + m!.index;
    // A server that echoes sends our command back before its output: a prompt before that
    // echo is one the shell redrew while we typed, not the end of the output.
    if (echoing && !all.subarray(0, at).includes(typed)) continue;
    output = beforePromptLine(all, at);
    break;
  }
  return clean(output, command);
}

// Takes out the terminal's echo of the command: on a line of its own, or after a prompt the
// shell redrew (bash does on SIGWINCH, after a NAWS resize).
function clean(output: string, command: string): string {
  const eol = output.indexOf("\n");
  if (eol !== -1 && output.slice(0, eol).endsWith(command)) return output.slice(eol + 1);
  return output === command ? "" : output;
}

// ESC [?2004h / ESC [?2004l, and the CR bash writes after the latter.
const BRACKETED_PASTE = new RegExp(`${String.fromCharCode(27)}\\[\\?2004[hl]\r?`, "g");

/**
 * Text from a terminal: UTF-8, each run of CRs before a LF dropped, and bash's bracketed-paste
 * toggles (ESC [?2004h, ESC [?2004l and the CR after it) removed.
 */
export function toText(data: Buffer): string {
  return data.toString("utf8").replace(BRACKETED_PASTE, "").replace(/\r+\n/g, "\n");
}

// The text before the line the prompt is on: a prompt pattern usually matches its end only.
function beforePromptLine(text: Buffer, at: number): string {
  const before = text.subarray(0, at);
  return toText(before.subarray(0, before.lastIndexOf(10) + 1));
}

/**
 * lineEnd(tn): what the Return key sends. In NVT mode that is CR LF, which telnetd turns into
 * one newline. While we send BINARY (RFC 856) telnetd passes every byte to the pty as it is,
 * and the terminal's ICRNL makes CR LF two line ends: the shell runs the command, then an
 * empty one, and prints a second prompt that run() would take for the end. A terminal's
 * Return key sends CR alone, so that is what goes in binary mode.
 */
export function lineEnd(tn: Pick<SessionTarget, "local_enabled">): string {
  return tn.local_enabled(BINARY) ? "\r" : "\r\n";
}

function missing(tn: SessionTarget, what: string): string {
  return tn.eof ? `connection closed before the ${what}` : `no ${what} in time`;
}
