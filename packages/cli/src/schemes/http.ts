// http:// and https://: a GET, redirects followed (up to 10, as urllib's), the body written
// as it arrives. An error status fails with its class (404 not found, 401 authentication)
// without writing the error page, as curl --fail does. The user of --user or the URL is sent
// with Basic authentication, and not to another host a redirect leads to.
import {
  HTTPConnection,
  HTTPException,
  type HTTPResponse,
  HTTPSConnection,
  InvalidURL,
  responses,
} from "@inetlib/http";
import type { Context } from "../context.js";
import { CliError, EXIT, usage } from "../exit.js";
import { type CliUrl, parseUrl } from "../url.js";
import { VERSION } from "../version.js";
import { during, type Refusal, type Scheme } from "./scheme.js";

const MAX_REDIRECTS = 10;

const refuse: Refusal = (err) => {
  if (err instanceof InvalidURL) return { code: EXIT.USAGE, text: err.message };
  if (err instanceof HTTPException) return { code: EXIT.PROTOCOL, text: `${err.name}: ${err.message}` };
  return null;
};

/** http is the Scheme for http:// and https://. */
export const http: Scheme = {
  async get(first: CliUrl, ctx: Context): Promise<void> {
    const creds = await ctx.credentials(first);
    const origin = first.host;
    let url = first;
    for (let hops = 0; ; hops++) {
      const response = await request(url, ctx, creds && url.host === origin ? creds : null);
      const { status } = response.res;
      const location = response.res.getheader("location");
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        await response.close();
        if (hops === MAX_REDIRECTS)
          throw new CliError(
            EXIT.PROTOCOL,
            `the server refused: more than ${MAX_REDIRECTS} redirects (last to ${location})`,
          );
        url = redirect(url, location);
        continue;
      }
      try {
        if (status >= 400) throw statusError(status, response.res.reason, creds !== null);
        await body(response.res, ctx);
      } finally {
        await response.close();
      }
      return;
    }
  },
};

interface Open {
  res: HTTPResponse;
  close(): Promise<void>;
}

async function request(
  url: CliUrl,
  ctx: Context,
  creds: { user: string; password: string } | null,
): Promise<Open> {
  if (!url.host) throw usage(`no host in ${JSON.stringify(url.raw)}`);
  const tls = url.scheme === "https";
  const port = url.port ?? (tls ? 443 : 80);
  // CORE-GAP: http.client's trace prints the Authorization header as Python does; the
  // convention is that traces mask credentials, so the CLI masks it on the way out.
  const debugSink = (text: string) => ctx.debugSink(maskAuthorization(text));
  // CORE-GAP: HTTPConnection leaves its listener on the signal after close(); each request gets
  // a signal of its own, linked to the command's, so redirects do not pile listeners up.
  const link = linkedSignal(ctx.signal);
  const options = { timeout: ctx.timeout, signal: link.signal, debugSink };
  const conn = tls
    ? new HTTPSConnection(url.host, port, { ...options, context: ctx.tls() })
    : new HTTPConnection(url.host, port, options);
  conn.set_debuglevel(ctx.trace);
  const headers: Record<string, string> = { "User-Agent": `inetlib/${VERSION}`, Accept: "*/*" };
  if (creds)
    headers.Authorization = `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString("base64")}`;
  const target = `${url.path || "/"}${url.query !== null ? `?${url.query}` : ""}`;
  try {
    await during("connect", refuse, () => conn.request("GET", target, null, headers), {
      host: url.host,
      port,
    });
    const res = await during("connect", refuse, () => conn.getresponse(), { host: url.host, port });
    return {
      res,
      close: async () => {
        res.close();
        await conn.close();
        link.release();
      },
    };
  } catch (err) {
    await conn.close();
    link.release();
    throw err;
  }
}

/** maskAuthorization replaces the credentials of (Proxy-)Authorization headers with stars. */
export function maskAuthorization(text: string): string {
  return text.replace(
    /((?:Proxy-)?Authorization: *\S+ +)([^\\'"\s]+)/gi,
    (_m, head: string, secret: string) => head + "*".repeat(secret.length),
  );
}

/** linkedSignal is a signal that aborts with `parent`; release() unhooks it. */
function linkedSignal(parent: AbortSignal): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener("abort", abort, { once: true });
  return { signal: controller.signal, release: () => parent.removeEventListener("abort", abort) };
}

async function body(res: HTTPResponse, ctx: Context): Promise<void> {
  const out = ctx.output();
  out.expect(res.length);
  const type = res.getheader("content-type") ?? "";
  const text = /^(text\/|application\/(json|xml|javascript|[^;]*\+xml|[^;]*\+json))/i.test(type);
  await during("transfer", refuse, async () => {
    for await (const chunk of res.chunks()) await out.write(chunk, { binary: !text });
  });
}

function statusError(status: number, reason: string, sentCredentials: boolean): CliError {
  const text = `HTTP ${status} ${reason || responses[status] || ""}`.trim();
  if (status === 404 || status === 410) return new CliError(EXIT.NOT_FOUND, `not found: ${text}`);
  // "login failed" would say that credentials were tried; without any, the page asks for them.
  if (status === 401 && !sentCredentials)
    return new CliError(EXIT.AUTH, `the server asks for a login: ${text} (give --user USER[:PASSWORD])`);
  if (status === 407) return new CliError(EXIT.AUTH, `the proxy asks for a login: ${text}`);
  if (status === 401 || status === 403 || status === 407)
    return new CliError(EXIT.AUTH, `login failed: ${text}`);
  return new CliError(EXIT.PROTOCOL, `the server refused: ${text}`);
}

function redirect(from: CliUrl, location: string): CliUrl {
  let target: URL;
  try {
    target = new URL(
      location,
      `${from.scheme}://${from.host.includes(":") ? `[${from.host}]` : from.host}${from.port ? `:${from.port}` : ""}${from.path || "/"}`,
    );
  } catch {
    throw new CliError(EXIT.PROTOCOL, `the server redirected to a bad URL: ${JSON.stringify(location)}`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new CliError(
      EXIT.PROTOCOL,
      `the server redirected to ${target.protocol} (only http and https are followed)`,
    );
  return parseUrl(target.href);
}
