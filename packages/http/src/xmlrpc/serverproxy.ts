// ServerProxy and MultiCall: remote methods as properties (server.add(2, 3),
// server.system.listMethods()), each call a promise, as Python's __getattr__ magic.
import type { DebugSink, SSLContext } from "@inetlib/socket";
import { OSError, ValueError } from "@inetlib/socket";
import { urlsplit, urlunsplit } from "../request/parse.js";
import { dumps } from "./marshal.js";
import { SafeTransport, Transport } from "./transport.js";
import { Fault, type XMLRPCValue } from "./types.js";

/** A remote method: call it, or take a dotted sub-method from it (server.system.listMethods). */
export type RemoteMethod = ((...params: XMLRPCValue[]) => Promise<XMLRPCValue>) & {
  readonly [name: string]: RemoteMethod;
};

/** ServerProxyBase: what every proxy has, whatever its methods. */
export interface ServerProxyBase {
  (attr: "close"): () => Promise<void>;
  (attr: "transport"): Transport;
  readonly [method: string]: RemoteMethod;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * ServerProxy: a connection point on an XML-RPC server. Every property is a remote method.
 * Python's proxy("close")() and proxy("transport") reach the proxy itself; so do
 * `await using` and the "then"-less shape that lets a ServerProxy be returned from async code.
 *
 * `Methods` declares the server's methods, so that they are plain callables even under
 * `noUncheckedIndexedAccess` (where an undeclared `proxy.add` may be undefined to the compiler):
 *
 *	const proxy = new ServerProxy<{ add(a: number, b: number): Promise<number> }>(url);
 *	await proxy.add(2, 3);   // 5
 *
 * The types are the caller's word: the server's answer is not checked against them.
 */
export type ServerProxy<Methods extends object = object> = Methods & ServerProxyBase;

/** Keyword arguments of ServerProxy. */
export interface ServerProxyOptions {
  /** A Transport to use (default Transport for http, SafeTransport for https). */
  transport?: Transport | null;
  /** The request encoding (default utf-8). */
  encoding?: string | null;
  /** Print the HTTP exchange (set_debuglevel(1)) and the response bodies. */
  verbose?: boolean;
  allow_none?: boolean;
  use_datetime?: boolean;
  use_builtin_types?: boolean;
  /** Extra headers for every request. */
  headers?: ReadonlyArray<readonly [string, string]>;
  /** TLS settings for https (default: verified). */
  context?: SSLContext | null;
  /** Seconds to wait on the server (not in Python's ServerProxy). */
  timeout?: number | null;
  signal?: AbortSignal;
  debugSink?: DebugSink;
}

/** ServerProxyConstructor: `new ServerProxy(uri, options)`. */
export interface ServerProxyConstructor {
  new <Methods extends object = object>(uri: string, options?: ServerProxyOptions): ServerProxy<Methods>;
}

// Property names a proxy must not turn into remote methods: "then" (or awaiting a proxy would
// call the server), and what inspection tools probe.
const NOT_METHODS = new Set([
  "then",
  "toJSON",
  "constructor",
  "prototype",
  "inspect",
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
]);

function method(
  send: (name: string, params: XMLRPCValue[]) => Promise<XMLRPCValue>,
  name: string,
): RemoteMethod {
  const fn = (...params: XMLRPCValue[]) => send(name, params);
  return new Proxy(fn, {
    get(target, prop) {
      if (typeof prop === "symbol" || NOT_METHODS.has(prop)) return Reflect.get(target, prop);
      return method(send, `${name}.${prop}`);
    },
  }) as RemoteMethod;
}

/** ServerProxy(uri, options): see the interface. "http://user:pass@host:port/path"; the path defaults to /RPC2. */
export const ServerProxy: ServerProxyConstructor = function ServerProxy(
  uri: string,
  options: ServerProxyOptions = {},
): ServerProxy {
  const p = urlsplit(uri);
  if (p.scheme !== "http" && p.scheme !== "https") throw new OSError(null, "unsupported XML-RPC protocol");
  const host = p.netloc;
  const handler =
    urlunsplit({ scheme: "", netloc: "", path: p.path, query: p.query, fragment: p.fragment }) || "/RPC2";
  const common = {
    use_datetime: options.use_datetime ?? false,
    use_builtin_types: options.use_builtin_types ?? false,
    headers: options.headers ?? [],
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.debugSink ? { debugSink: options.debugSink } : {}),
  };
  const transport =
    options.transport ??
    (p.scheme === "https"
      ? new SafeTransport({ ...common, context: options.context ?? null })
      : new Transport(common));
  const encoding = options.encoding || "utf-8";
  const verbose = options.verbose ?? false;
  const allow_none = options.allow_none ?? false;
  const send = async (methodname: string, params: XMLRPCValue[]): Promise<XMLRPCValue> => {
    const text = dumps(params, { methodname, encoding, allow_none });
    const request = encodeRequest(text, encoding);
    const response = await transport.request(host, handler, request, verbose);
    return response.length === 1 ? response[0]! : response;
  };
  const close = () => transport.close();
  const self = (attr: string): unknown => {
    if (attr === "close") return close;
    if (attr === "transport") return transport;
    throw new Error(`AttributeError: Attribute '${attr}' not found`);
  };
  return new Proxy(self, {
    get(target, prop) {
      if (prop === Symbol.asyncDispose) return close;
      if (prop === Symbol.toStringTag) return "ServerProxy";
      if (prop === "toString") return () => `<ServerProxy for ${host}${handler}>`;
      if (typeof prop === "symbol" || NOT_METHODS.has(prop)) return Reflect.get(target, prop);
      return method(send, prop);
    },
  }) as unknown as ServerProxy;
} as unknown as ServerProxyConstructor;

/** Server: Python's old name for ServerProxy. */
export const Server = ServerProxy;

// The request in the proxy's encoding; characters it cannot encode become &#N; (xmlcharrefreplace).
function encodeRequest(text: string, encoding: string): Buffer {
  const enc = encoding.toLowerCase().replace("_", "-");
  if (enc === "utf-8" || enc === "utf8") return Buffer.from(text, "utf8");
  if (
    enc === "iso-8859-1" ||
    enc === "latin-1" ||
    enc === "latin1" ||
    enc === "us-ascii" ||
    enc === "ascii"
  ) {
    const limit = enc.includes("ascii") ? 0x7f : 0xff;
    let out = "";
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      out += c > limit ? `&#${c};` : ch;
    }
    return Buffer.from(out, "latin1");
  }
  throw new ValueError(`unsupported encoding: ${encoding}`);
}

/** A method recorded on a MultiCall (call it to record; take sub-methods from it). */
export type MultiCallMethod = ((...params: XMLRPCValue[]) => void) & {
  readonly [name: string]: MultiCallMethod;
};

/**
 * MultiCall(server): boxcars calls into one system.multicall request.
 *
 *	const multi = new MultiCall(server);
 *	multi.add(2, 3);
 *	multi.pow(2, 9);
 *	const [sum, power] = await multi();
 */
export interface MultiCallBase {
  (): Promise<MultiCallIterator>;
  readonly [method: string]: MultiCallMethod;
}

/**
 * MultiCall's methods are its server's: each records a call (returns nothing); those the
 * proxy's `Methods` declares are plain callables, as on the proxy.
 */
export type MultiCall<Methods extends object = object> = {
  readonly [K in keyof Methods]: Methods[K] extends (...params: infer P) => unknown
    ? (...params: P) => void
    : MultiCallMethod;
} & MultiCallBase;

/** MultiCallConstructor: `new MultiCall(server)`. */
export interface MultiCallConstructor {
  new <Methods extends object = object>(server: ServerProxy<Methods>): MultiCall<Methods>;
}

function recorder(list: Array<[string, XMLRPCValue[]]>, name: string): MultiCallMethod {
  const fn = (...params: XMLRPCValue[]) => {
    list.push([name, params]);
  };
  return new Proxy(fn, {
    get(target, prop) {
      if (typeof prop === "symbol" || NOT_METHODS.has(prop)) return Reflect.get(target, prop);
      return recorder(list, `${name}.${prop}`);
    },
  }) as MultiCallMethod;
}

export const MultiCall: MultiCallConstructor = function MultiCall(server: ServerProxy): MultiCall {
  const calls: Array<[string, XMLRPCValue[]]> = [];
  const run = async (): Promise<MultiCallIterator> => {
    const marshalled = calls.map(([methodName, params]) => ({ methodName, params }));
    const results = await server.system!.multicall!(marshalled);
    return new MultiCallIterator(results as XMLRPCValue[]);
  };
  return new Proxy(run, {
    get(target, prop) {
      if (typeof prop === "symbol" || NOT_METHODS.has(prop)) return Reflect.get(target, prop);
      return recorder(calls, prop);
    },
  }) as unknown as MultiCall;
} as unknown as MultiCallConstructor;

/**
 * MultiCallIterator(results): the results of a multicall, in order; a fault among them is
 * thrown as Fault when reached.
 */
export class MultiCallIterator implements Iterable<XMLRPCValue> {
  readonly results: XMLRPCValue[];

  constructor(results: XMLRPCValue[]) {
    this.results = results;
  }

  /** get(i): the i-th result (Python's [i]); Fault for a fault, RangeError past the end. */
  get(i: number): XMLRPCValue {
    if (i < 0 || i >= this.results.length) throw new RangeError("list index out of range");
    const item = this.results[i];
    if (Array.isArray(item)) return item[0]!;
    if (item !== null && typeof item === "object" && "faultCode" in item) {
      const f = item as { faultCode: number | string; faultString: string };
      throw new Fault(f.faultCode, f.faultString);
    }
    throw new ValueError("unexpected type in multicall result");
  }

  get length(): number {
    return this.results.length;
  }

  *[Symbol.iterator](): Iterator<XMLRPCValue> {
    for (let i = 0; i < this.results.length; i++) yield this.get(i);
  }
}
