// file: and data: URLs, as Python's FileHandler and DataHandler.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { HTTPMessage } from "../client/message.js";
import { URLError } from "./errors.js";
import { guess_type } from "./mimetypes.js";
import { BaseHandler } from "./opener.js";
import { _splitport, quote, unquote, unquote_to_bytes } from "./parse.js";
import type { Request } from "./request.js";
import { addinfourl } from "./response.js";

/** url2pathname(path): a file: URL's path as a local path. */
export function url2pathname(pathname: string): string {
  return unquote(pathname);
}

/** pathname2url(path): a local path as a file: URL's path: quote(path), as Python's on POSIX. */
export function pathname2url(pathname: string): string {
  return quote(pathname);
}

/**
 * FileHandler: file: URLs on this host (no host, or localhost). The result's headers are
 * Content-type (guessed), Content-length and Last-modified; the file streams in constant memory.
 */
export class FileHandler extends BaseHandler {
  async file_open(req: Request): Promise<addinfourl> {
    const url = req.selector;
    if (url.startsWith("//") && url.slice(2, 3) !== "/" && req.host && req.host !== "localhost")
      throw new URLError("file:// scheme is supported only on localhost");
    return this.open_local_file(req);
  }

  async open_local_file(req: Request): Promise<addinfourl> {
    const host = req.host;
    const filename = req.selector;
    const localfile = url2pathname(filename);
    if (host) {
      const [h, port] = _splitport(host);
      if (port !== null || !["localhost", "127.0.0.1", "::1"].includes(h.toLowerCase()))
        throw new URLError("file not on local host");
    }
    let size: number;
    let modified: Date;
    try {
      const st = await stat(localfile);
      size = st.size;
      modified = st.mtime;
    } catch (err) {
      throw new URLError(err as Error, localfile);
    }
    const headers = new HTTPMessage([
      ["Content-type", guess_type(filename)[0] ?? "text/plain"],
      ["Content-length", String(size)],
      ["Last-modified", modified.toUTCString()],
    ]);
    const origurl = host ? `file://${host}${filename}` : `file://${filename}`;
    const stream = createReadStream(localfile, { highWaterMark: 1 << 20 });
    const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    return new addinfourl(iterator, headers, origurl, null, {
      closehook: () => stream.destroy(),
      signal: req.signal,
    });
  }
}

/**
 * DataHandler: data: URLs (RFC 2397), "data:[<mediatype>][;base64],<data>". The result's
 * headers are Content-type and Content-length; a malformed URL is URLError("data error").
 */
export class DataHandler extends BaseHandler {
  data_open(req: Request): addinfourl {
    const url = req.full_url;
    const colon = url.indexOf(":");
    const comma = url.indexOf(",", colon);
    if (colon < 0 || comma < 0) throw new URLError("data error: proper data url must contain a comma");
    let mediatype = url.slice(colon + 1, comma);
    const data = url.slice(comma + 1);
    let bytes = unquote_to_bytes(data);
    if (mediatype.endsWith(";base64")) {
      bytes = Buffer.from(bytes.toString("latin1"), "base64");
      mediatype = mediatype.slice(0, -7);
    }
    if (!mediatype) mediatype = "text/plain;charset=US-ASCII";
    const headers = new HTTPMessage([
      ["Content-type", mediatype],
      ["Content-length", String(bytes.length)],
    ]);
    return new addinfourl(bytes, headers, url);
  }
}
