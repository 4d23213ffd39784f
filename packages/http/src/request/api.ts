// urlopen, build_opener, install_opener, urlretrieve, urlcleanup.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { create_default_context, type SSLContext, ValueError } from "@inetlib/socket";
import type { HTTPMessage } from "../client/message.js";
import { ContentTooShortError } from "./errors.js";
import { FTPHandler } from "./ftp.js";
import { GopherHandler } from "./gopher.js";
import {
  HTTPDefaultErrorHandler,
  HTTPErrorProcessor,
  HTTPHandler,
  HTTPRedirectHandler,
  HTTPSHandler,
  UnknownHandler,
} from "./handlers.js";
import { DataHandler, FileHandler } from "./local.js";
import { type BaseHandler, OpenerDirector } from "./opener.js";
import { _splittype } from "./parse.js";
import { ProxyHandler } from "./proxy.js";
import type { Request, RequestData } from "./request.js";
import type { URLResponse } from "./response.js";

/** A handler for build_opener: an instance, or a class to instantiate with no arguments. */
export type HandlerSpec = BaseHandler | (new () => BaseHandler);

const DEFAULT_CLASSES: Array<new () => BaseHandler> = [
  ProxyHandler,
  UnknownHandler,
  HTTPHandler,
  HTTPDefaultErrorHandler,
  HTTPRedirectHandler,
  FTPHandler,
  GopherHandler,
  FileHandler,
  HTTPErrorProcessor,
  DataHandler,
  HTTPSHandler,
];

/**
 * build_opener(...handlers): an OpenerDirector with the default handlers (proxies, http,
 * https, redirects, errors, ftp:, gopher: and gophers:, file:, data:), except those a given handler replaces (an
 * instance or subclass of a default class), and the given ones.
 */
export function build_opener(...handlers: HandlerSpec[]): OpenerDirector {
  const opener = new OpenerDirector();
  const skip = new Set<new () => BaseHandler>();
  for (const klass of DEFAULT_CLASSES) {
    for (const check of handlers) {
      if (typeof check === "function") {
        if (check === klass || check.prototype instanceof klass) skip.add(klass);
      } else if (check instanceof klass) skip.add(klass);
    }
  }
  for (const klass of DEFAULT_CLASSES) if (!skip.has(klass)) opener.add_handler(new klass());
  for (const h of handlers) opener.add_handler(typeof h === "function" ? new h() : h);
  return opener;
}

let installed: OpenerDirector | null = null;

/** install_opener(opener): the opener urlopen() uses from now on. */
export function install_opener(opener: OpenerDirector | null): void {
  installed = opener;
}

/** Keyword arguments of urlopen(). */
export interface UrlopenOptions {
  /** TLS settings for https (default: verified with the system's trust store). */
  context?: SSLContext | null;
  /** Deprecated in Python: a CA file to trust (a context is made from it). */
  cafile?: string | null;
  capath?: string | null;
  /** Aborting stops the request at once (connecting, sending, reading the body) and closes its connection. */
  signal?: AbortSignal | null;
}

/**
 * urlopen(url, data, timeout, {context, signal}): opens a URL (or Request) with the installed
 * opener (build_opener() by default). For http(s) the result is an HTTPResponse whose url is
 * the final URL and msg the reason phrase; error statuses raise HTTPError. ftp:, gopher:,
 * file: and data: give an addinfourl. Aborting the signal rejects the call, or the body's
 * next read, with AbortError and closes the connection.
 *
 *	await using r = await urlopen("http://127.0.0.1:8000/");
 *	console.log(r.status, (await r.read()).toString());
 */
export async function urlopen(
  url: string | Request,
  data: RequestData = null,
  timeout?: number | null,
  options: UrlopenOptions = {},
): Promise<URLResponse> {
  let opener: OpenerDirector;
  let context = options.context ?? null;
  if (options.cafile || options.capath) {
    if (context) throw new ValueError("You can't pass both context and any of cafile, capath, and cadefault");
    context = create_default_context({ cafile: options.cafile ?? null, capath: options.capath ?? null });
    context.set_alpn_protocols(["http/1.1"]);
  }
  if (context) opener = build_opener(new HTTPSHandler(0, context));
  else opener = installed ??= build_opener();
  return opener.open(url, data, timeout, { signal: options.signal ?? null });
}

const tempfiles: string[] = [];

/** A reporthook: called with the block count, the block size and the total size (-1 when unknown). */
export type ReportHook = (blocknum: number, bs: number, size: number) => void;

/**
 * urlretrieve(url, filename, reporthook, data): copies a URL to a file (a temporary one when
 * no filename is given) in 8 KiB blocks, calling reporthook(blocknum, bs, size) before the
 * first block and after each; resolves [filename, headers]. ContentTooShortError when fewer
 * bytes came than Content-Length said.
 */
export async function urlretrieve(
  url: string,
  filename: string | null = null,
  reporthook: ReportHook | null = null,
  data: RequestData = null,
): Promise<[string, HTTPMessage]> {
  const [urlType, path] = _splittype(url);
  const fp = await urlopen(url, data);
  try {
    const headers = fp.info();
    if (urlType === "file" && !filename)
      return [normalize(decodeURIComponent(path.replace(/^\/\/[^/]*/, ""))), headers];
    let target = filename;
    if (!target) {
      target = join(tmpdir(), `tmp${randomBytes(6).toString("hex")}`);
      tempfiles.push(target);
    }
    const result: [string, HTTPMessage] = [target, headers];
    const bs = 1024 * 8;
    let size = -1;
    let read = 0;
    let blocknum = 0;
    const cl = headers.get("Content-Length");
    if (cl !== null) size = Number.parseInt(cl, 10);
    reporthook?.(blocknum, bs, size);
    const out = createWriteStream(target, { highWaterMark: 1 << 20 });
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    failed.catch(() => {});
    try {
      for (;;) {
        const block = await fp.read(bs);
        if (block.length === 0) break;
        read += block.length;
        if (!out.write(block))
          await Promise.race([new Promise<void>((r) => out.once("drain", () => r())), failed]);
        blocknum += 1;
        reporthook?.(blocknum, bs, size);
      }
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
    if (size >= 0 && read < size)
      throw new ContentTooShortError(`retrieval incomplete: got only ${read} out of ${size} bytes`, result);
    return result;
  } finally {
    fp.close();
  }
}

/** urlcleanup(): removes urlretrieve()'s temporary files and forgets the installed opener. */
export async function urlcleanup(): Promise<void> {
  for (const f of tempfiles.splice(0)) await unlink(f).catch(() => {});
  installed = null;
}
