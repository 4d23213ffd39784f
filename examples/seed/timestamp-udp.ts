// The time-stamp server over UDP (tsUserv/tsUclnt): no connection, each datagram is answered with
// sendto() to the address recvfrom() reported.
import { AF_INET, SOCK_DGRAM, socket } from "@inetlib/socket";
import { type Example, runIfMain } from "./cli.js";
import { stamp } from "./ctime.js";

const BUFSIZ = 1024;

export const timestampUdp: Example = {
  async server(port, log) {
    const s = new socket(AF_INET, SOCK_DGRAM);
    await s.bind(["127.0.0.1", port]);
    let stopping = false;
    const done = (async () => {
      while (!stopping) {
        let data: Buffer;
        let addr: Awaited<ReturnType<socket["recvfrom"]>>[1];
        try {
          [data, addr] = await s.recvfrom(BUFSIZ);
        } catch (err) {
          if (stopping) return;
          throw err;
        }
        log("...received from and returned to:", addr);
        if (addr !== null) await s.sendto(stamp(data), addr);
      }
    })();
    const name = s.getsockname();
    return {
      port: Array.isArray(name) ? name[1] : 0,
      async stop() {
        stopping = true;
        await s.close();
        await done;
      },
    };
  },
  async client(port, log) {
    const replies: string[] = [];
    await using s = new socket(AF_INET, SOCK_DGRAM);
    // UDP may lose datagrams in general; on loopback it does not, but a timeout keeps a client from hanging.
    s.settimeout(5);
    for (const line of ["hello", "udp time"]) {
      await s.sendto(Buffer.from(line), ["127.0.0.1", port]);
      const [data] = await s.recvfrom(BUFSIZ);
      log(data.toString());
      replies.push(data.toString());
    }
    return replies;
  },
};

await runIfMain(import.meta.url, timestampUdp);
