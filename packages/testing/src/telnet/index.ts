// An in-process telnet server (login and shell, fixed program, or scripted), for tests, the
// tour and your own tests. The default account is inetlib / inetlib-pass, as on the interop daemon.
export { type NegotiationRecord, TelnetConnection } from "./connection.js";
export { TelnetServer, type TelnetServerOptions } from "./server.js";
export {
  type ShellCommand,
  type ShellContext,
  type ShellOptions as TelnetShellOptions,
  type TelnetProgram,
  upperProgram,
} from "./shell.js";
