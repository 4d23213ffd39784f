// inetlib send URL [FILE]: its arguments, options and help; the work is in send/smtp.ts, loaded
// when the command runs.
import type { Command } from "commander";
import type { Context } from "../context.js";
import { collect } from "./parse.js";

/** SendOptions are `inetlib send`'s own options. */
export interface SendOptions {
  from?: string;
  to?: string[];
}

/** runSend sends one message (send/smtp.ts). */
export async function runSend(
  target: string,
  file: string | undefined,
  opts: SendOptions,
  ctx: Context,
): Promise<void> {
  const { sendMessage } = await import("../send/smtp.js");
  await sendMessage(target, file, opts, ctx);
}

/** describeSend adds the send command's arguments, options and help to `cmd`. */
export function describeSend(cmd: Command): Command {
  return cmd
    .description(
      "send a message (RFC 5322) with SMTP; the envelope comes from its headers unless --from and --to say",
    )
    .argument(
      "<url>",
      "smtp://[USER[:PASSWORD]@]HOST[:PORT] (--starttls to upgrade), or smtps:// (TLS, port 465)",
    )
    .argument("[file]", "the message (default: stdin)")
    .option("-f, --from <address>", "the envelope sender (default: the Sender or From header)")
    .option("-t, --to <address>", "an envelope recipient, repeatable (default: To, Cc and Bcc)", collect, [])
    .addHelpText(
      "after",
      "\nBcc headers are removed from what is sent. Refused recipients are listed on stderr (exit 7, or 5 for policy refusals).\n\nExample:\n  printf 'From: me@example.org\\nTo: you@example.org\\nSubject: hi\\n\\nhello\\n' | inetlib send smtp://localhost:2525\n",
    );
}
