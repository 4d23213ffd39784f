// The examples' server: the in-process HTTP server from @inetlib/testing, with a file to
// download and an XML-RPC endpoint, unless the command line names a real one.
import { pathToFileURL } from "node:url";
import { SimpleXMLRPCDispatcher } from "@inetlib/http";
import { HTTPTestServer } from "@inetlib/testing";

/** Log prints a line (console.log, or a test's capture). */
export type Log = (...args: unknown[]) => void;

/** An XML-RPC endpoint with add, echo and the standard system.* methods. */
export function demoDispatcher(): SimpleXMLRPCDispatcher {
  const d = new SimpleXMLRPCDispatcher({ allow_none: true });
  d.register_function((a, b) => (a as number) + (b as number), "add", "add(a, b) -> a + b");
  d.register_function((x) => x, "echo", "echo(x) -> x");
  d.register_function((s) => String(s).toUpperCase(), "upper", "upper(s) -> s in upper case");
  d.register_introspection_functions();
  d.register_multicall_functions();
  return d;
}

/** withServer starts the demo server, runs fn with its base URL, and stops it. */
export async function withServer<T>(fn: (base: string) => Promise<T>): Promise<T> {
  const rpc = demoDispatcher();
  const server = await HTTPTestServer.start({ xmlrpc: (body) => rpc._marshaled_dispatch(body) });
  try {
    return await fn(server.url("").replace(/\/$/, ""));
  } finally {
    await server.close();
  }
}

/** runIfMain runs an example as a program: against `process.argv[2]` if given, else the demo server. */
export async function runIfMain(
  moduleUrl: string,
  example: (base: string, log: Log) => Promise<unknown>,
): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? "").href) return;
  const given = process.argv[2];
  if (given) await example(given.replace(/\/$/, ""), console.log);
  else await withServer((base) => example(base, console.log));
}
