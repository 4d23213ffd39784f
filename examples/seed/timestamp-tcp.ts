// The time-stamp server over TCP (tsTserv/tsTclnt): each message comes back as "[ctime] message".
import { AF_INET, SOCK_STREAM, socket } from "@inetlib/socket";
import { type Example, runIfMain } from "./cli.js";
import { stamp } from "./ctime.js";
import { acceptLoop } from "./loop.js";

const BUFSIZ = 1024;

export const timestampTcp: Example = {
  async server(port, log) {
    const s = new socket(AF_INET, SOCK_STREAM);
    await s.bind(["127.0.0.1", port]);
    await s.listen(5);
    return acceptLoop(s, async (conn, addr) => {
      log("...connected from:", addr);
      for (;;) {
        const data = await conn.recv(BUFSIZ);
        if (data.length === 0) break;
        await conn.send(stamp(data));
      }
    });
  },
  async client(port, log) {
    const replies: string[] = [];
    await using s = new socket(AF_INET, SOCK_STREAM);
    await s.connect(["127.0.0.1", port]);
    for (const line of ["hello", "what time is it?"]) {
      await s.send(Buffer.from(line));
      // A reply this small arrives in one segment on loopback; the framing examples show the general way.
      const data = await s.recv(BUFSIZ);
      log(data.toString());
      replies.push(data.toString());
    }
    return replies;
  },
};

await runIfMain(import.meta.url, timestampTcp);
