// file: and data: URLs, opened as urllib's urlopen opens them (FileHandler, DataHandler): a
// file on this host (file:///PATH, file://localhost/PATH) or the bytes a data: URL carries
// (RFC 2397). Text types go to a terminal; anything else needs -o there, as every binary does.
import { URLError, urlopen } from "@inetlib/http";
import type { Context } from "../context.js";
import { CliError, EXIT, oneLine, usage } from "../exit.js";
import type { CliUrl } from "../url.js";
import type { Scheme } from "./scheme.js";

/** local is the Scheme for file: and data:. */
export const local: Scheme = {
  async get(url: CliUrl, ctx: Context): Promise<void> {
    let r: Awaited<ReturnType<typeof urlopen>>;
    try {
      r = await urlopen(url.raw.trim(), null, undefined, { signal: ctx.signal });
    } catch (err) {
      throw refusal(err);
    }
    try {
      const out = ctx.output();
      const length = r.info().get("Content-length");
      out.expect(length === null ? null : Number(length));
      const type = r.info().get("Content-type") ?? "";
      const text = /^(text\/|application\/(json|xml|javascript|[^;]*\+xml|[^;]*\+json))/i.test(type);
      for (;;) {
        const chunk = await r.read(1 << 16);
        if (chunk.length === 0) break;
        await out.write(chunk, { binary: !text });
      }
    } catch (err) {
      throw err instanceof URLError ? refusal(err) : err;
    } finally {
      r.close();
    }
  },
};

/** A missing file is "not found"; anything else urlopen refuses (another host, a bad data: URL, a file that cannot be read) is usage. */
function refusal(err: unknown): unknown {
  if (!(err instanceof URLError)) return err;
  const reason = err.reason;
  const code = typeof reason === "string" ? null : (reason as NodeJS.ErrnoException).code;
  const text = typeof reason === "string" ? reason : reason.message;
  if (code === "ENOENT" || code === "ENOTDIR")
    return new CliError(EXIT.NOT_FOUND, `not found: ${oneLine(text)}`, { cause: err });
  return usage(oneLine(text));
}
