// The uppercase echo: a communication loop (recv until the client is done) inside a connection
// loop (one client after another). An empty recv() means the client closed its side.
import { AF_INET, SOCK_STREAM, socket } from "@inetlib/socket";
import { type Example, runIfMain } from "./cli.js";
import { recvExactly } from "./framing.js";
import { acceptLoop } from "./loop.js";

export const echoUpper: Example = {
  async server(port, log) {
    const s = new socket(AF_INET, SOCK_STREAM);
    await s.bind(["127.0.0.1", port]);
    await s.listen(5);
    return acceptLoop(s, async (conn, addr) => {
      log("connected by", addr);
      for (;;) {
        const data = await conn.recv(1024);
        if (data.length === 0) break;
        await conn.sendall(Buffer.from(data.toString("utf8").toUpperCase()));
      }
      log("client left", addr);
    });
  },
  async client(port, log) {
    const replies: string[] = [];
    // Two clients in turn, each sending several messages: the server's loops serve both.
    for (const words of [
      ["hello", "socket world"],
      ["second client", "bye"],
    ]) {
      await using s = new socket(AF_INET, SOCK_STREAM);
      await s.connect(["127.0.0.1", port]);
      for (const w of words) {
        await s.sendall(Buffer.from(w));
        // TCP is a byte stream: one send may arrive in several recv()s; read until all bytes are in.
        const reply = await recvExactly(s, Buffer.byteLength(w));
        log("sent", w, "got", reply.toString());
        replies.push(reply.toString());
      }
    }
    return replies;
  },
};

await runIfMain(import.meta.url, echoUpper);
