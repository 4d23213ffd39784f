// IMAP4_stream: IMAP over a command's stdin and stdout (a local imap binary in
// pre-authenticated mode, an ssh tunnel). As in Python, only the transport hooks differ.
import { type ChildProcess, spawn } from "node:child_process";
import { IMAP4 } from "./imap4.js";
import { PipeSocket } from "./pipe.js";
import type { IMAP4Options } from "./transport.js";

/**
 * IMAP4_stream runs `command` through the shell and speaks IMAP over its standard input and
 * output:
 *
 *	await using M = await IMAP4_stream.open("/usr/lib/dovecot/imap");   // PREAUTH: state AUTH
 *
 * `timeout` bounds each whole response line, as on a socket (Python's IMAP4_stream has no
 * timeout; a process trickling a line a byte at a time raises TimeoutError once it is spent),
 * and each other read; starttls() is not available. Node gives the
 * process socket pairs for stdin and stdout, not pipes: a program that refuses a socket there
 * (dovecot's imap takes it for inetd) runs behind `cat | imap ... | cat`.
 */
export class IMAP4_stream extends IMAP4 {
  /** The command line given. */
  readonly command: string;
  /** The running process, once opened. */
  process: ChildProcess | null = null;
  #pipe: PipeSocket | null = null;

  constructor(command: string, options: IMAP4Options = {}) {
    super(options);
    this.command = command;
  }

  /** open runs the command and reads its greeting and capabilities: Python's IMAP4_stream(command). */
  static override open(command: string, options?: IMAP4Options): Promise<IMAP4_stream>;
  /** (The static side of IMAP4's open(host, port, options); `port` means nothing here.) */
  static override open(command: string, port?: number | null, options?: IMAP4Options): Promise<IMAP4_stream>;
  static override async open(
    command: string,
    second?: IMAP4Options | number | null,
    third: IMAP4Options = {},
  ): Promise<IMAP4_stream> {
    const imap = new IMAP4_stream(command, typeof second === "object" && second !== null ? second : third);
    await imap.connect();
    return imap;
  }

  /** open starts the process; host and port are ignored (they stay null, as in Python). */
  override async open(_host?: string, _port?: number): Promise<void> {
    this.host = null;
    this.port = null;
    this.sock = null;
    const child = spawn(this.command, {
      shell: true,
      stdio: ["pipe", "pipe", "inherit"],
      signal: this.signal,
    });
    child.on("error", () => {}); // reported through the pipes (EPIPE / end of output)
    this.process = child;
    this.#pipe = new PipeSocket(child, this.timeout, this.signal);
    this._attach(this.#pipe);
  }

  /**
   * shutdown closes the pipes and waits for the process to exit (as Python's process.wait());
   * with a timeout, a process still running after it is sent SIGTERM.
   */
  override async shutdown(): Promise<void> {
    const pipe = this.#pipe;
    const child = this.process;
    this.#pipe = null;
    this.file = null;
    this._detach();
    if (!pipe || !child) return;
    pipe.close();
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer =
        this.timeout === null
          ? undefined
          : setTimeout(() => child.kill("SIGTERM"), Math.max(this.timeout, 1) * 1000);
      child.once("exit", () => {
        if (timer) clearTimeout(timer);
        resolve();
      });
    });
  }

  override _gettimeout(): number | null {
    return this.#pipe?.gettimeout() ?? this.timeout;
  }

  override _settimeout(timeout: number | null): void {
    this.#pipe?.settimeout(timeout);
  }
}
