// gopher: and gophers: URLs (RFC 4266), as Python 2's urllib2 GopherHandler opened them, on
// @inetlib/gopher: the selector (percent-decoded), a search after %09, a Gopher+ string after
// a second %09; the reply's bytes as the server sent them (a type 1 menu is its text lines).
import { GopherError, urlopen as gopherUrlopen } from "@inetlib/gopher";
import { OSError, type SSLContext } from "@inetlib/socket";
import { HTTPMessage } from "../client/message.js";
import { abortable, throwIfAborted } from "./abort.js";
import { URLError } from "./errors.js";
import { BaseHandler } from "./opener.js";
import type { Request } from "./request.js";
import { addinfourl } from "./response.js";

const BLOCK = 64 * 1024;

/**
 * GopherHandler(context): gopher:// and gophers:// URLs; gophers is verified against `context`
 * (default: create_default_context()). info() has no headers, as urllib2's noheaders().
 * A connection or protocol failure is URLError; no host is URLError("gopher error: no host given").
 */
export class GopherHandler extends BaseHandler {
  _context: SSLContext | null;

  constructor(context: SSLContext | null = null) {
    super();
    this._context = context;
  }

  gopher_open(req: Request): Promise<addinfourl> {
    return this.#open(req);
  }

  gophers_open(req: Request): Promise<addinfourl> {
    return this.#open(req);
  }

  async #open(req: Request): Promise<addinfourl> {
    if (!req.host) throw new URLError("gopher error: no host given");
    const signal = req.signal ?? null;
    throwIfAborted(signal);
    const url = req.full_url;
    const open = async (): Promise<addinfourl> => {
      try {
        const fp = await gopherUrlopen(url, {
          ...(req.timeout !== undefined ? { timeout: req.timeout } : {}),
          ...(signal ? { signal } : {}),
          ...(this._context ? { tls: this._context } : {}),
        });
        async function* body(): AsyncGenerator<Buffer, void, undefined> {
          for (;;) {
            const block = await fp.read(BLOCK);
            if (block.length === 0) return;
            yield block;
          }
        }
        return new addinfourl(body(), new HTTPMessage(), url, null, { closehook: () => fp.close(), signal });
      } catch (err) {
        if (err instanceof GopherError || err instanceof OSError) throw new URLError(err);
        throw err;
      }
    };
    return abortable(
      signal,
      open,
      () => {},
      (r) => r.close(),
    );
  }
}
