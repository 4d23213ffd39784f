// OpenerDirector and BaseHandler: Python's chain of handlers, found by method name as Python
// finds them (protocol_open, protocol_request, protocol_response, protocol_error_CODE), each
// awaited in handler_order until one returns a result.
import { throwIfAborted } from "./abort.js";
import { URLError } from "./errors.js";
import { Request, type RequestData } from "./request.js";
import type { URLResponse } from "./response.js";

/** Keyword arguments of OpenerDirector.open() beyond Python's. */
export interface OpenOptions {
  /** Aborting stops the request at once (connecting, sending, reading the body) and closes its connection. */
  signal?: AbortSignal | null;
}

/** What a handler method may return: a response, or null for "not mine". */
export type HandlerResult = URLResponse | null | undefined;

/** BaseHandler: the base of every handler. handler_order sorts them (lower first). */
export class BaseHandler {
  handler_order = 500;
  parent: OpenerDirector | null = null;

  add_parent(parent: OpenerDirector): void {
    this.parent = parent;
  }

  close(): void {}

  /** The opener this handler was added to (errors when none, as Python's AttributeError). */
  protected get director(): OpenerDirector {
    if (!this.parent) throw new Error("handler has no parent OpenerDirector");
    return this.parent;
  }
}

type Method = (...args: unknown[]) => unknown;

function methodNames(handler: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = handler; o && o !== Object.prototype; o = Object.getPrototypeOf(o))
    for (const n of Object.getOwnPropertyNames(o)) {
      // Methods only: reading an accessor (director) here would run it.
      const d = Object.getOwnPropertyDescriptor(o, n);
      if (d && "value" in d && typeof d.value === "function" && n !== "constructor") names.add(n);
    }
  return [...names].sort();
}

function call(handler: BaseHandler, name: string, args: unknown[]): unknown {
  return ((handler as unknown as Record<string, Method>)[name] as Method).apply(handler, args);
}

function insort(list: BaseHandler[], handler: BaseHandler): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.handler_order > handler.handler_order) i--;
  list.splice(i, 0, handler);
}

/**
 * OpenerDirector: opens URLs through its handlers. build_opener() makes one with the default
 * handlers; open(url | Request, data, timeout) runs the request processors, the openers,
 * the response processors (which turn error statuses into error() calls).
 */
export class OpenerDirector {
  /** Headers added to every request unless set: [["User-agent", "inetlib-urllib/0.1"]]. */
  addheaders: Array<[string, string]> = [["User-agent", USER_AGENT]];
  handlers: BaseHandler[] = [];
  handle_open = new Map<string, BaseHandler[]>();
  handle_error = new Map<string, Map<string | number, BaseHandler[]>>();
  process_response = new Map<string, BaseHandler[]>();
  process_request = new Map<string, BaseHandler[]>();

  /** add_handler(handler): registers every protocol_open/_request/_response/_error_CODE method it has. */
  add_handler(handler: BaseHandler): void {
    if (
      !(handler instanceof BaseHandler) &&
      typeof (handler as Partial<BaseHandler>).add_parent !== "function"
    )
      throw new TypeError(`expected BaseHandler instance, got ${String(handler)}`);
    let added = false;
    for (const meth of methodNames(handler)) {
      if (["redirect_request", "do_open", "proxy_open"].includes(meth)) continue;
      const i = meth.indexOf("_");
      if (i < 0) continue;
      const protocol = meth.slice(0, i);
      const condition = meth.slice(i + 1);
      let lookup: Map<string | number, BaseHandler[]>;
      let kind: string | number;
      if (condition.startsWith("error")) {
        const j = condition.indexOf("_") + i + 1;
        const k = meth.slice(j + 1);
        kind = /^\d+$/.test(k) ? Number(k) : k;
        let table = this.handle_error.get(protocol);
        if (!table) {
          table = new Map();
          this.handle_error.set(protocol, table);
        }
        lookup = table;
      } else if (condition === "open") {
        kind = protocol;
        lookup = this.handle_open as Map<string | number, BaseHandler[]>;
      } else if (condition === "response") {
        kind = protocol;
        lookup = this.process_response as Map<string | number, BaseHandler[]>;
      } else if (condition === "request") {
        kind = protocol;
        lookup = this.process_request as Map<string | number, BaseHandler[]>;
      } else continue;
      let list = lookup.get(kind);
      if (!list) {
        list = [];
        lookup.set(kind, list);
      }
      if (!list.includes(handler)) insort(list, handler);
      added = true;
    }
    if (added && !this.handlers.includes(handler)) {
      insort(this.handlers, handler);
      handler.add_parent(this);
    }
  }

  close(): void {}

  async #callChain(
    chain: Map<string | number, BaseHandler[]> | undefined,
    kind: string | number,
    methName: string,
    args: unknown[],
  ): Promise<URLResponse | null> {
    for (const handler of chain?.get(kind) ?? []) {
      const result = (await call(handler, methName, args)) as HandlerResult;
      if (result !== null && result !== undefined) return result;
    }
    return null;
  }

  /**
   * open(fullurl, data, timeout, {signal}): a Request (or URL) through the handlers. timeout
   * left out is the default timeout; null blocks. A signal (kept on the Request, so redirects
   * and retries share it) aborts the request and its response's body.
   */
  async open(
    fullurl: string | Request,
    data: RequestData = null,
    timeout?: number | null,
    options: OpenOptions = {},
  ): Promise<URLResponse> {
    let req: Request;
    if (typeof fullurl === "string") req = new Request(fullurl, { data });
    else {
      req = fullurl;
      if (data !== null && data !== undefined) req.data = data;
    }
    req.timeout = timeout;
    if (options.signal) req.signal = options.signal;
    throwIfAborted(req.signal);
    const protocol = req.type;
    for (const processor of this.process_request.get(protocol) ?? [])
      req = (await call(processor, `${protocol}_request`, [req])) as Request;
    let response = await this._open(req, data);
    for (const processor of this.process_response.get(protocol) ?? [])
      response = (await call(processor, `${protocol}_response`, [req, response])) as URLResponse;
    return response;
  }

  /** _open(req): default_open, then PROTOCOL_open, then unknown_open. */
  async _open(req: Request, _data: RequestData = null): Promise<URLResponse> {
    const table = this.handle_open as Map<string | number, BaseHandler[]>;
    const result =
      (await this.#callChain(table, "default", "default_open", [req])) ??
      (await this.#callChain(table, req.type, `${req.type}_open`, [req])) ??
      (await this.#callChain(table, "unknown", "unknown_open", [req]));
    if (!result) throw new URLError(`unknown url type: ${req.type}`);
    return result;
  }

  /**
   * error(proto, ...args): for "http"/"https", args are (req, fp, code, msg, hdrs) and the
   * http_error_CODE handlers run, then http_error_default. Otherwise PROTO_error handlers.
   */
  async error(proto: string, ...args: unknown[]): Promise<URLResponse | null> {
    if (proto === "http" || proto === "https") {
      const table = this.handle_error.get("http");
      const code = args[2] as number;
      const result =
        (await this.#callChain(table, code, `http_error_${code}`, args)) ??
        (await this.#callChain(table, "default", "http_error_default", args));
      // A handler answered with a new response (a retry with credentials, a redirect): the
      // error response is done with. Python leaves it to the garbage collector; a connection
      // must not wait for that.
      const fp = args[1] as URLResponse | undefined;
      if (result && fp && result !== fp) fp.close();
      return result;
    }
    return this.#callChain(this.handle_error.get(proto), proto, `${proto}_error`, args);
  }
}

/** The User-agent urllib sends (Python's is "Python-urllib/3.11"). */
export const USER_AGENT = "inetlib-urllib/0.1";
