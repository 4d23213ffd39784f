// An event-driven server in the spirit of Twisted's tsTservTW: no loop in user code, only a
// Protocol whose methods are called on events (connectionMade, dataReceived, connectionLost),
// and a listenTCP() that serves every client at once. This is what Node's event loop gives
// for free; the tiny reactor below shows the shape on top of the Python-style socket.
import { type AddressInfo, AF_INET, SOCK_STREAM, socket } from "@inetlib/socket";
import { type Example, type Log, runIfMain } from "./cli.js";
import { stamp } from "./ctime.js";

interface Transport {
  write(data: Buffer): void;
  getPeer(): AddressInfo;
  loseConnection(): void;
}

abstract class Protocol {
  transport!: Transport;
  connectionMade(): void {}
  abstract dataReceived(data: Buffer): void;
  connectionLost(): void {}
}

/** reactor.listenTCP(port, factory): accepts forever, one reading task per connection. */
async function listenTCP(port: number, makeProtocol: () => Protocol) {
  const listener = new socket(AF_INET, SOCK_STREAM);
  await listener.bind(["127.0.0.1", port]);
  await listener.listen(50);
  const open = new Set<socket>();
  let stopping = false;
  const serveOne = async (conn: socket) => {
    const proto = makeProtocol();
    let writes = Promise.resolve();
    proto.transport = {
      // Writes are queued in order; the protocol never waits, as in Twisted.
      write: (data) => {
        writes = writes.then(() => conn.sendall(data));
      },
      getPeer: () => conn.getpeername(),
      loseConnection: () => void writes.then(() => conn.close()),
    };
    proto.connectionMade();
    try {
      for (;;) {
        const data = await conn.recv(65536);
        if (data.length === 0) break;
        proto.dataReceived(data);
      }
    } catch {
      // A reset connection ends like a closed one.
    }
    await writes.catch(() => {});
    proto.connectionLost();
    await conn.close();
    open.delete(conn);
  };
  const accepting = (async () => {
    while (!stopping) {
      try {
        const [conn] = await listener.accept();
        open.add(conn);
        void serveOne(conn);
      } catch (err) {
        if (stopping) return;
        throw err;
      }
    }
  })();
  const name = listener.getsockname();
  return {
    port: Array.isArray(name) ? name[1] : 0,
    async stop() {
      stopping = true;
      await listener.close();
      await accepting;
      await Promise.all([...open].map((c) => c.close()));
    },
  };
}

export const eventDriven: Example = {
  async server(port, log: Log) {
    class TSServProtocol extends Protocol {
      override connectionMade() {
        log("...connected from:", this.transport.getPeer());
      }
      dataReceived(data: Buffer) {
        this.transport.write(stamp(data));
      }
    }
    return listenTCP(port, () => new TSServProtocol());
  },
  async client(port, log) {
    // Three clients talking at the same time: an event-driven server serves them all at once.
    const talk = async (name: string) => {
      await using s = new socket(AF_INET, SOCK_STREAM);
      await s.connect(["127.0.0.1", port]);
      await s.sendall(Buffer.from(name));
      const reply = (await s.recv(1024)).toString();
      log(reply);
      return reply;
    };
    return Promise.all(["alpha", "beta", "gamma"].map(talk));
  },
};

await runIfMain(import.meta.url, eventDriven);
