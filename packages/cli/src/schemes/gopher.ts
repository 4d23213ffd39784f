// gopher:// and gophers:// (RFC 4266): menus drawn for a terminal, text items line by line,
// binaries streamed, type-7 searches (%09query), Gopher+ views (%09%09+view) and attributes (!, $).
import {
  GOPHER_PLUS_NOT_AVAILABLE,
  Gopher,
  GopherError,
  GopherPlusError,
  type GopherUrl,
  itemKind,
  type Menu,
  parseGopherUrl,
  renderMenu,
} from "@inetlib/gopher";
import { DebugTrace } from "@inetlib/socket";
import type { Context } from "../context.js";
import { CliError, EXIT, oneLine, usage } from "../exit.js";
import { safeText } from "../terminal.js";
import type { CliUrl } from "../url.js";
import { during, type Refusal, type Scheme } from "./scheme.js";

const refuse: Refusal = (err) => {
  if (err instanceof GopherPlusError)
    return {
      code: err.code === GOPHER_PLUS_NOT_AVAILABLE ? EXIT.NOT_FOUND : EXIT.PROTOCOL,
      text: err.message,
    };
  if (err instanceof GopherError) return { code: EXIT.PROTOCOL, text: err.message };
  return null;
};

/** gopher is the Scheme for gopher:// and gophers://. */
export const gopher: Scheme = {
  async get(url: CliUrl, ctx: Context): Promise<void> {
    let where: GopherUrl;
    try {
      where = parseGopherUrl(url.raw);
    } catch (err) {
      throw usage((err as Error).message);
    }
    const debug = new DebugTrace({ sink: ctx.debugSink, level: ctx.trace });
    const client = new Gopher(where.host, where.port, {
      timeout: ctx.timeout,
      signal: ctx.signal,
      tls: where.scheme === "gophers" ? ctx.tls() : false,
      debug,
    });
    const out = ctx.output();
    const at = { host: where.host, port: where.port };
    const selector = where.rawSelector;
    const kind = itemKind(where.type, where.selector);
    try {
      if (where.plus !== null) return await plus(client, where, ctx);
      switch (kind) {
        case "menu":
          return await writeMenu(await during("connect", refuse, () => client.menu(selector), at), ctx);
        case "search": {
          if (where.search === null)
            throw usage(
              "a search item needs a query: add %09 and the words to the URL (gopher://host/7/find%09words)",
            );
          const query = where.search;
          return await writeMenu(
            await during("connect", refuse, () => client.search(selector, query), at),
            ctx,
          );
        }
        case "text": {
          const lines = client.textLines(selector);
          let first = true;
          await during(
            "connect",
            refuse,
            async () => {
              for await (const line of lines) {
                if (first && isErrorLine(line)) throw notFound(line);
                first = false;
                await out.line(ctx.io.stdoutIsTTY && !out.toFile ? safeText(line) : line);
              }
            },
            at,
          );
          return;
        }
        case "url":
          throw usage(
            `this item is a link to ${where.selector.replace(/^\/?URL:/, "")}: get that URL instead`,
          );
        case "telnet":
          throw usage(`this item is a telnet session: inetlib telnet ${where.host} ${where.port}`);
        case "info":
        case "error":
        case "cso":
          throw usage(`a gopher item of type ${JSON.stringify(where.type)} cannot be fetched`);
        default:
          await during(
            "connect",
            refuse,
            async () => {
              for await (const chunk of client.stream(selector)) await out.write(chunk, { binary: true });
            },
            at,
          );
      }
    } finally {
      await client.close();
    }
  },
};

async function writeMenu(menu: Menu, ctx: Context): Promise<void> {
  const errors = menu.items.filter((i) => i.type === "3");
  if (errors.length > 0 && errors.length === menu.items.length) throw notFound(errors[0]!.display);
  const terminal = ctx.io.stdoutIsTTY && !ctx.output().toFile;
  await ctx.output().write(renderMenu(menu, { width: terminal ? ctx.io.columns : 0, color: terminal }));
  if (!menu.complete) ctx.io.stderr.write('inetlib: warning: the menu ended without its final "." line\n');
}

async function plus(client: Gopher, where: GopherUrl, ctx: Context): Promise<void> {
  const request = where.plus!;
  const out = ctx.output();
  const at = { host: where.host, port: where.port };
  if (request.startsWith("!") || request.startsWith("$")) {
    const names = request.slice(1).split("+").filter(Boolean);
    const all = await during(
      "connect",
      refuse,
      () =>
        request.startsWith("!")
          ? client.info(where.rawSelector, names).then((a) => [a])
          : client.directoryInfo(where.rawSelector, names),
      at,
    );
    for (const attrs of all)
      for (const block of attrs.blocks) {
        await out.line(`+${block.name}:${block.value ? ` ${block.value}` : ""}`);
        for (const line of block.lines) await out.line(` ${line}`);
      }
    return;
  }
  const view = request.replace(/^\+/, "");
  // The search field is a type-7 item's; for other items an empty one is left out of the request.
  const search = itemKind(where.type, where.selector) === "search" ? where.search : null;
  const options = search !== null ? { view, query: search } : { view };
  await during(
    "connect",
    refuse,
    async () => {
      for await (const chunk of client.plusStream(where.rawSelector, options)) await out.write(chunk);
    },
    at,
  );
}

// A server that has no such selector answers a text request with an error menu line.
function isErrorLine(line: string): boolean {
  return /^3[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*$/.test(line);
}

function notFound(line: string): CliError {
  return new CliError(EXIT.NOT_FOUND, `not found: ${oneLine(line.replace(/^3/, "").split("\t")[0]!)}`);
}
