// Remote command execution over a length-prefixed protocol: the client sends a command line,
// the server runs it and sends back its output, however long, as one framed message. Without
// the framing, a long output or two quick replies would blur together.
// The server listens on loopback only and runs programs without a shell, from an allow-list.
import { execFile } from "node:child_process";
import { AF_INET, SOCK_STREAM, socket } from "@inetlib/socket";
import { type Example, runIfMain } from "./cli.js";
import { recvMessage, sendMessage } from "./framing.js";
import { acceptLoop } from "./loop.js";

const ALLOWED = new Set(["echo", "ls", "uname", "date", "seq"]);

function run(commandLine: string): Promise<Buffer> {
  const [program, ...args] = commandLine.trim().split(/\s+/);
  if (!program || !ALLOWED.has(program))
    return Promise.resolve(Buffer.from(`not allowed: ${program ?? ""}\n`));
  return new Promise((resolve) => {
    execFile(program, args, { encoding: "buffer", maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve(err && stdout.length === 0 ? Buffer.concat([stderr, Buffer.from(`${err.message}\n`)]) : stdout);
    });
  });
}

export const remoteCommand: Example = {
  async server(port, log) {
    const s = new socket(AF_INET, SOCK_STREAM);
    await s.bind(["127.0.0.1", port]);
    await s.listen(5);
    return acceptLoop(s, async (conn, addr) => {
      log("connection from", addr);
      for (;;) {
        const cmd = await recvMessage(conn, 4096);
        if (cmd === null) break;
        log("running", cmd.toString());
        await sendMessage(conn, await run(cmd.toString()));
      }
    });
  },
  async client(port, log) {
    await using s = new socket(AF_INET, SOCK_STREAM);
    await s.connect(["127.0.0.1", port]);
    const outputs: Buffer[] = [];
    // Two commands sent back to back before reading: their replies must not run together.
    const commands = ["echo hello from the server", "seq 1 20000"];
    for (const c of commands) await sendMessage(s, Buffer.from(c));
    for (const c of commands) {
      const out = (await recvMessage(s))!;
      log(`$ ${c} -> ${out.length} bytes, first line: ${out.toString().split("\n")[0]}`);
      outputs.push(out);
    }
    return outputs;
  },
};

await runIfMain(import.meta.url, remoteCommand);
