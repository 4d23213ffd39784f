// The time-stamp server written with socketserver (tsTservSS/tsTclntSS): the framework owns the
// accept loop; a StreamRequestHandler reads one line from rfile and writes the stamped line to
// wfile. The client opens a new connection for every line, as the original does.
import { AF_INET, SOCK_STREAM, StreamRequestHandler, socket, TCPServer } from "@inetlib/socket";
import { type Example, type Log, runIfMain } from "./cli.js";
import { stamp } from "./ctime.js";

export const timestampSocketserver: Example = {
  async server(port, log) {
    class MyRequestHandler extends StreamRequestHandler {
      override async handle(): Promise<void> {
        log("...connected from:", this.client_address);
        const line = await this.rfile.readline();
        await this.wfile.write(stamp(line));
      }
    }
    const server = await TCPServer.open(["127.0.0.1", port], MyRequestHandler);
    const serving = server.serve_forever();
    return {
      port: (server.server_address as [string, number])[1],
      async stop() {
        await server.shutdown();
        await serving;
        await server.server_close();
      },
    };
  },
  async client(port, log) {
    const replies: string[] = [];
    for (const line of ["first line", "second line"]) replies.push(await oneLine(port, line, log));
    return replies;
  },
};

async function oneLine(port: number, line: string, log: Log): Promise<string> {
  await using s = new socket(AF_INET, SOCK_STREAM);
  await s.connect(["127.0.0.1", port]);
  await s.sendall(Buffer.from(`${line}\r\n`));
  const reply = await s.makefile("rb").readline();
  log(reply.toString().trim());
  return reply.toString().trim();
}

await runIfMain(import.meta.url, timestampSocketserver);
