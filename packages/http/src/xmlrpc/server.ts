// SimpleXMLRPCDispatcher: the dispatching half of Python's xmlrpc.server, on this package's
// loads()/dumps(): registered functions called by name, introspection, system.multicall,
// exceptions turned into faults. Mount it on any HTTP server (the test server's /RPC2 does).
import { dumps } from "./marshal.js";
import { Fault, type XMLRPCValue } from "./types.js";
import { loads } from "./unmarshal.js";

/** A function the dispatcher can call: parameters in, a value (or promise) out. */
export type XMLRPCFunction = (...params: XMLRPCValue[]) => XMLRPCValue | Promise<XMLRPCValue>;

/** Keyword arguments of SimpleXMLRPCDispatcher. */
export interface DispatcherOptions {
  allow_none?: boolean;
  encoding?: string | null;
  use_builtin_types?: boolean;
}

/** SimpleXMLRPCDispatcher(allow_none, encoding, use_builtin_types). */
export class SimpleXMLRPCDispatcher {
  funcs = new Map<string, XMLRPCFunction>();
  readonly allow_none: boolean;
  readonly encoding: string;
  readonly use_builtin_types: boolean;
  #help = new Map<string, string>();

  constructor(options: DispatcherOptions = {}) {
    this.allow_none = options.allow_none ?? false;
    this.encoding = options.encoding || "utf-8";
    this.use_builtin_types = options.use_builtin_types ?? false;
  }

  /** register_function(fn, name, help): fn under name (default fn.name). */
  register_function(
    fn: XMLRPCFunction,
    name: string | null = null,
    help: string | null = null,
  ): XMLRPCFunction {
    const key = name ?? fn.name;
    this.funcs.set(key, fn);
    if (help !== null) this.#help.set(key, help);
    return fn;
  }

  /** register_introspection_functions(): system.listMethods, system.methodSignature, system.methodHelp. */
  register_introspection_functions(): void {
    this.funcs.set("system.listMethods", () => [...this.funcs.keys()].sort());
    this.funcs.set("system.methodSignature", () => "signatures not supported");
    this.funcs.set("system.methodHelp", (name) => this.#help.get(String(name)) ?? "");
  }

  /** register_multicall_functions(): system.multicall. */
  register_multicall_functions(): void {
    this.funcs.set("system.multicall", async (calls) => {
      const out: XMLRPCValue[] = [];
      for (const call of calls as Array<{ methodName: string; params: XMLRPCValue[] }>) {
        try {
          out.push([await this._dispatch(call.methodName, call.params)]);
        } catch (err) {
          out.push(faultStruct(err));
        }
      }
      return out;
    });
  }

  /** _dispatch(method, params): calls the registered function; Fault-like Error when unknown. */
  async _dispatch(method: string, params: XMLRPCValue[]): Promise<XMLRPCValue> {
    const fn = this.funcs.get(method);
    if (!fn) throw new Error(`method "${method}" is not supported`);
    return fn(...params);
  }

  /** _marshaled_dispatch(data): a methodCall in, a methodResponse (or fault) out, as bytes. */
  async _marshaled_dispatch(data: Uint8Array | string): Promise<Buffer> {
    let response: string;
    try {
      const [params, method] = loads(data, { use_builtin_types: this.use_builtin_types });
      const result = await this._dispatch(method ?? "", params);
      response = dumps([result], {
        methodresponse: true,
        allow_none: this.allow_none,
        encoding: this.encoding,
      });
    } catch (err) {
      const f = faultStruct(err);
      response = dumps(new Fault(f.faultCode, f.faultString), {
        allow_none: this.allow_none,
        encoding: this.encoding,
      });
    }
    return Buffer.from(response, this.encoding === "utf-8" ? "utf8" : "latin1");
  }
}

function faultStruct(err: unknown): { faultCode: number | string; faultString: string } {
  if (err instanceof Fault) return { faultCode: err.faultCode, faultString: err.faultString };
  const e = err as Error;
  const name = !e?.name || e.name === "Error" ? "Exception" : e.name;
  return { faultCode: 1, faultString: `<class '${name}'>:${e?.message ?? String(err)}` };
}
