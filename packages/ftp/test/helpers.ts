// Shared by the protocol tests: a server, a client on it, and the client's debug output.
import { create_default_context, DebugTrace, type SSLContext } from "@inetlib/socket";
import {
  FileTree,
  FTPServer,
  type FTPServerListen,
  type FTPServerOptions,
  ftpTestCA,
} from "@inetlib/testing";
import { FTP, FTP_TLS, type FTP_TLSOptions, type FTPOptions } from "../src/index.js";

/** A client context that trusts the test CA. */
export function testContext(): SSLContext {
  return create_default_context({ cafile: ftpTestCA });
}

/** The tree most tests serve. */
export function sampleTree(): FileTree {
  return new FileTree({
    "/hello.txt": "Hello, world!\r\n",
    "/pub/a.txt": "a\nb\r\nc",
    "/pub/b.txt": "",
    "/empty/": null,
  });
}

/** Starts a server; tests close it (await using). */
export function serve(options: FTPServerOptions & FTPServerListen = {}): Promise<FTPServer> {
  return FTPServer.open({ tree: sampleTree(), ...options });
}

/** A client connected (not logged in) to `server`, its debug output collected in `out`. */
export async function client(
  server: FTPServer,
  options: FTPOptions = {},
): Promise<{ ftp: FTP; out: string[] }> {
  const out: string[] = [];
  const debugtrace = new DebugTrace({ sink: (text) => out.push(text) });
  const ftp = new FTP({ timeout: 10, debugtrace, ...options });
  await ftp.connect(server.host, server.port);
  return { ftp, out };
}

/** An FTP_TLS client connected (not logged in) to `server`, trusting the test CA. */
export async function tlsClient(server: FTPServer, options: FTP_TLSOptions = {}): Promise<FTP_TLS> {
  const ftp = new FTP_TLS({ timeout: 10, context: testContext(), ...options });
  await ftp.connect(server.host === "::1" ? "::1" : "127.0.0.1", server.port);
  return ftp;
}

/** What the client sent on the control connection, minus the parts that change every run. */
export function transcript(server: FTPServer, index?: number): string {
  return server
    .transcript(index)
    .replace(/PORT 127,0,0,1,\d+,\d+/g, "PORT 127,0,0,1,P,P")
    .replace(/EPRT \|2\|::1\|\d+\|/g, "EPRT |2|::1|P|");
}

/** Collects what an async iterable yields (Array.fromAsync is Node 22+). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
