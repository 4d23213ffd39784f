// Each seed example runs three ways: `tsx FILE` runs its server and client together on a free
// loopback port; `tsx FILE server [PORT]` and `tsx FILE client PORT` run one side, as in the
// tutorials they come from.
import { fileURLToPath } from "node:url";
import { pystr, pytuple } from "@inetlib/socket";

export type Log = (...args: unknown[]) => void;

export interface Example {
  /** Starts the server on 127.0.0.1:port (0: any free port) and returns the port and a stop function. */
  server(port: number, log: Log): Promise<{ port: number; stop(): Promise<void> }>;
  /** Runs the client against 127.0.0.1:port. */
  client(port: number, log: Log): Promise<unknown>;
}

/** Formats a value as Python's print() shows it; an address array prints as the tuple Python returns. */
export function pyformat(value: unknown): string {
  return pystr(Array.isArray(value) ? pytuple(...value) : value);
}

export const consoleLog: Log = (...args) => console.log(args.map(pyformat).join(" "));

/** Runs an example as a program when the file is the process's entry point. */
export async function runIfMain(url: string, example: Example): Promise<void> {
  if (process.argv[1] !== fileURLToPath(url)) return;
  const [role, portArg] = process.argv.slice(2);
  const port = Number(portArg ?? 0);
  if (role === "server") {
    const { port: bound } = await example.server(port, consoleLog);
    consoleLog(`serving on 127.0.0.1:${bound} (Ctrl-C stops)`);
  } else if (role === "client") {
    await example.client(port, consoleLog);
  } else {
    const srv = await example.server(0, (...args) => consoleLog("[server]", ...args));
    try {
      await example.client(srv.port, (...args) => consoleLog("[client]", ...args));
    } finally {
      await srv.stop();
    }
  }
}
