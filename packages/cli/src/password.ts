// Asking for a password on the terminal, without echoing it.
import type { Readable } from "node:stream";
import { CliError, EXIT } from "./exit.js";
import type { CliIO } from "./io.js";

interface RawInput extends Readable {
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** askPassword writes `prompt` to stderr and reads one line from a terminal's stdin, unechoed. */
export async function askPassword(io: CliIO, prompt: string): Promise<string> {
  const input = io.stdin as RawInput;
  io.stderr.write(prompt);
  const raw = typeof input.setRawMode === "function";
  const wasRaw = input.isRaw === true;
  if (raw) input.setRawMode!(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = "";
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString()) {
          if (ch === "\r" || ch === "\n") return finish(null);
          if (ch === "\u0003") return finish(new CliError(EXIT.INTERRUPTED, "interrupted"));
          if (ch === "\u007f" || ch === "\b") text = [...text].slice(0, -1).join("");
          else text += ch;
        }
      };
      const onEnd = () => finish(null);
      const finish = (err: CliError | null) => {
        input.off("data", onData);
        input.off("end", onEnd);
        io.stderr.write("\n");
        if (err) reject(err);
        else resolve(text);
      };
      input.on("data", onData);
      input.once("end", onEnd);
    });
  } finally {
    if (raw) input.setRawMode!(wasRaw);
    input.pause();
  }
}
