// inetlib get URL: fetch what a URL names and write it to stdout or -o FILE.
import type { Command } from "commander";
import type { Context } from "../context.js";
import { usage } from "../exit.js";
import { SCHEMES, schemeFor } from "../schemes/index.js";
import { parseUrl } from "../url.js";

/** getHelp is the URL table under `inetlib get --help`. */
export function getHelp(): string {
  const rows = SCHEMES.flatMap((s) => s.help);
  const width = Math.max(...rows.map(([form]) => form.length));
  return `\nURLs:\n${rows.map(([form, what]) => `  ${form.padEnd(width)}  ${what}`).join("\n")}\n`;
}

/** runGet fetches one URL. */
export async function runGet(rawUrl: string, ctx: Context): Promise<void> {
  const url = parseUrl(rawUrl);
  const scheme = schemeFor(url.scheme);
  if (!scheme)
    throw usage(
      `unsupported URL scheme ${url.scheme}: (get speaks ${SCHEMES.flatMap((s) => s.schemes).join(", ")})`,
    );
  const out = ctx.output();
  try {
    await (await scheme.load()).get(url, ctx);
    await out.close();
  } catch (err) {
    await out.abandon();
    throw err;
  }
}

/** describeGet adds the get command's arguments and help to `cmd`. */
export function describeGet(cmd: Command): Command {
  return cmd
    .description(
      "fetch a URL: a menu, a maildrop or mailbox listing, a message, an article, a file or a page",
    )
    .argument("<url>", "what to fetch (see URLs below)")
    .addHelpText("after", getHelp);
}
