// What the telnet server does on a connection, like telnetd with login(1) and a small shell: it
// negotiates options, asks for a login and a password, prints a message of the day and runs
// commands at a prompt until exit. Or, as telnetd -E, it runs a fixed program instead.

import { ECHO, NAWS, NEW_ENVIRON, SGA, type TelnetConnection, TTYPE } from "./connection.js";
import { DO, WILL } from "./decoder.js";

/** A shell command: its output for the arguments (text, "\n" newlines). */
export type ShellCommand = (args: string[], ctx: ShellContext) => string | Promise<string>;

/** What a shell command can see. */
export interface ShellContext {
  readonly conn: TelnetConnection;
  readonly user: string;
  /** The session's variables: USER, HOME, TERM (from TTYPE), LINES and COLUMNS (from NAWS), and NEW-ENVIRON's. */
  readonly env: Record<string, string>;
  readonly files: Readonly<Record<string, string>>;
}

/** A fixed program (telnetd -E): a banner, a prompt, and an answer per line; `close` ends the connection after it. */
export interface TelnetProgram {
  banner?: string;
  prompt: string;
  handle(line: string): string | { output: string; close: true };
}

/** The program test/daemons/telnet-program.sh runs: each line back in capitals, "bye" on quit or exit. */
export const upperProgram: TelnetProgram = {
  banner: "inetlib telnet test program\n",
  prompt: "cmd> ",
  handle(line) {
    if (line === "quit" || line === "exit") return { output: "bye\n", close: true };
    return `${line.toUpperCase()}\n`;
  },
};

export interface ShellOptions {
  /** Accounts, user name to password (default { inetlib: "inetlib-pass" }, the interop daemons' user). */
  users?: Record<string, string>;
  /** The host name in the login prompt and the shell prompt (default "inetlib"). */
  hostname?: string;
  /** Ask for a login (default true); false starts the shell as the first user. */
  login?: boolean;
  /** Login attempts before hanging up (default 3). */
  maxAttempts?: number;
  /** Printed after a successful login. */
  motd?: string;
  /** The files in the home directory (ls, cat). */
  files?: Record<string, string>;
  /** Extra commands, or replacements for the built-in ones. */
  commands?: Record<string, ShellCommand>;
  /** Run this instead of login and shell. */
  program?: TelnetProgram;
  /** Options proposed on connect (default telnetd's kind: WILL ECHO, WILL SGA, DO TTYPE, DO NAWS, DO NEW-ENVIRON). */
  propose?: { will?: number[]; do?: number[] };
  /** Seconds to wait for the answers to the proposals before going on anyway (default 2). */
  settleTimeout?: number;
}

export const DEFAULT_USERS: Readonly<Record<string, string>> = Object.freeze({ inetlib: "inetlib-pass" });

export const DEFAULT_MOTD = "Welcome to the inetlib test telnet server.\n";

const BUILTINS: Record<string, ShellCommand> = {
  echo: (args) => `${args.join(" ")}\n`,
  whoami: (_, ctx) => `${ctx.user}\n`,
  pwd: (_, ctx) => `${ctx.env.HOME}\n`,
  ls: (_, ctx) =>
    Object.keys(ctx.files)
      .sort()
      .map((f) => `${f}\n`)
      .join(""),
  cat: (args, ctx) => args.map((f) => ctx.files[f] ?? `cat: ${f}: No such file or directory\n`).join(""),
  env: (_, ctx) =>
    Object.entries(ctx.env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
  stty: (args, ctx) =>
    args[0] === "size"
      ? `${ctx.env.LINES ?? "24"} ${ctx.env.COLUMNS ?? "80"}\n`
      : "stty: only 'stty size' here\n",
  seq: (args) => {
    const n = Number(args[0] ?? "0");
    return Array.from({ length: Number.isInteger(n) && n > 0 ? n : 0 }, (_, i) => `${i + 1}\n`).join("");
  },
};

/** serve(conn, options): the whole session of one client. */
export async function serveShell(conn: TelnetConnection, options: ShellOptions): Promise<void> {
  const propose = options.propose ?? { will: [ECHO, SGA], do: [TTYPE, NAWS, NEW_ENVIRON] };
  for (const option of propose.will ?? []) await conn.propose(WILL, option);
  for (const option of propose.do ?? []) await conn.propose(DO, option);
  await conn.settle(options.settleTimeout ?? 2);

  if (options.program) return runProgram(conn, options.program);
  const users = options.users ?? DEFAULT_USERS;
  const hostname = options.hostname ?? "inetlib";
  let user: string | null = Object.keys(users)[0] ?? "nobody";
  if (options.login !== false) {
    user = await login(conn, users, hostname, options.maxAttempts ?? 3);
    if (user === null) return;
    await conn.sendText(options.motd ?? DEFAULT_MOTD);
  }
  await shell(conn, user, hostname, options);
}

async function login(
  conn: TelnetConnection,
  users: Record<string, string>,
  hostname: string,
  attempts: number,
): Promise<string | null> {
  await conn.sendText("\n");
  for (let i = 0; i < attempts; i++) {
    await conn.sendText(`${hostname} login: `);
    const user = await conn.readLine(true);
    if (user === null) return null;
    await conn.sendText("Password: ");
    const password = await conn.readLine(false);
    if (password === null) return null;
    // The password was not echoed: the newline the user typed is the server's to print.
    await conn.sendText("\n");
    if (Object.hasOwn(users, user) && users[user] === password) return user;
    await conn.sendText("Login incorrect\n");
  }
  return null;
}

async function shell(
  conn: TelnetConnection,
  user: string,
  hostname: string,
  options: ShellOptions,
): Promise<void> {
  const files = options.files ?? { "notes.txt": "telnet is RFC 854\n" };
  const commands = { ...BUILTINS, ...options.commands };
  const env = (): Record<string, string> => ({
    USER: user,
    HOME: `/home/${user}`,
    ...(conn.terminalTypes.length ? { TERM: conn.terminalTypes[0]!.toLowerCase() } : { TERM: "network" }),
    ...(conn.windowSize ? { COLUMNS: String(conn.windowSize[0]), LINES: String(conn.windowSize[1]) } : {}),
    ...conn.environ,
  });
  for (;;) {
    await conn.sendText(`${user}@${hostname}:~$ `);
    const line = await conn.readLine(true);
    if (line === null) return;
    for (const command of line.split(";")) {
      const vars = env();
      const words = command
        .trim()
        .split(/\s+/)
        .filter((w) => w !== "")
        .map((w) => w.replace(/\$(\w+)/g, (_, name: string) => vars[name] ?? ""));
      const [name, ...args] = words;
      if (name === undefined) continue;
      if (name === "exit" || name === "logout") {
        await conn.sendText("logout\n");
        await conn.close();
        return;
      }
      const fn = commands[name];
      await conn.sendText(
        fn ? await fn(args, { conn, user, env: vars, files }) : `-sh: ${name}: command not found\n`,
      );
    }
  }
}

async function runProgram(conn: TelnetConnection, program: TelnetProgram): Promise<void> {
  if (program.banner) await conn.sendText(program.banner);
  for (;;) {
    await conn.sendText(program.prompt);
    const line = await conn.readLine(true);
    if (line === null) return;
    const answer = program.handle(line);
    if (typeof answer === "string") await conn.sendText(answer);
    else {
      await conn.sendText(answer.output);
      await conn.close();
      return;
    }
  }
}
