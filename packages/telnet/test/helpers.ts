// Shared by the protocol tests: a scripted server whose connection the test drives, and a
// captured debug trace.
import { DebugTrace } from "@inetlib/socket";
import { type TelnetConnection, TelnetServer, type TelnetServerOptions } from "@inetlib/testing";
import { Telnet, type TelnetOptions } from "../src/index.js";

export interface Scripted {
  server: TelnetServer;
  tn: Telnet;
  conn: TelnetConnection;
  lines: string[];
  close(): Promise<void>;
}

/**
 * scripted(script): a server running `script` on its one connection, and a client connected
 * to it. `lines` collects the client's debug trace.
 */
export async function scripted(
  script: (conn: TelnetConnection) => Promise<void> = async () => {},
  options: TelnetOptions = {},
  serverOptions: TelnetServerOptions = {},
): Promise<Scripted> {
  const server = await TelnetServer.open({ ...serverOptions, script });
  const lines: string[] = [];
  const debug = new DebugTrace({ sink: (text) => lines.push(text) });
  const host = serverOptions.host ?? "127.0.0.1";
  const tn = await Telnet.open(host, server.port, { timeout: 10, debug, ...options });
  const conn = await server.nextConnection();
  return {
    server,
    tn,
    conn,
    lines,
    async close() {
      await tn.close();
      await server.close();
    },
  };
}

/** A script that sends each piece (waiting for it to be flushed, so pieces tend to arrive apart), then hangs up. */
export function sendsThenCloses(reads: (Buffer | string)[]): (conn: TelnetConnection) => Promise<void> {
  return async (conn) => {
    for (const r of reads) {
      await conn.send(typeof r === "string" ? Buffer.from(r, "latin1") : r);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await conn.close();
  };
}

/** A promise with its resolve function, for steps a test releases. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export const bytes = (...parts: (number | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "number" ? Buffer.from([p]) : Buffer.from(p, "latin1"))));
