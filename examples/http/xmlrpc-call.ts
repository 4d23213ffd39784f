// Call XML-RPC methods, as the xmlrpc.client tutorial does: a method, a dotted system method,
// a fault, and several calls boxcarred into one request with MultiCall.
//
//   tsx examples/http/xmlrpc-call.ts [BASE-URL]     (default: the in-process server's /RPC2)
import { Fault, MultiCall, ServerProxy } from "@inetlib/http";
import { type Log, runIfMain } from "./server.js";

/** The server's methods as this program uses them (the proxy takes the caller's word). */
interface Calculator {
  add(a: number, b: number): Promise<number>;
  echo(value: string): Promise<string>;
  no_such_method(): Promise<never>;
  system: { listMethods(): Promise<string[]> };
}

export async function xmlrpcCall(base: string, log: Log): Promise<number> {
  await using proxy = new ServerProxy<Calculator>(`${base}/RPC2`, { allow_none: true });
  const sum = await proxy.add(2, 3);
  log(`add(2, 3) = ${sum}`);
  log(`methods: ${(await proxy.system.listMethods()).join(", ")}`);
  try {
    await proxy.no_such_method();
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    log(`fault ${err.faultCode}: ${err.faultString}`);
  }
  const multi = new MultiCall(proxy);
  multi.add(7, 8);
  multi.echo("boxcar");
  multi.add(40, 2);
  log(`multicall: ${JSON.stringify([...(await multi())])}`);
  return sum;
}

await runIfMain(import.meta.url, xmlrpcCall);
