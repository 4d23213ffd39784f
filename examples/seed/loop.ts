// The `while True: c, addr = s.accept()` loop of the tutorials, stoppable so a test or the demo
// can end it: stop() closes the listening socket, which makes the pending accept() fail.
import type { AddressInfo, socket } from "@inetlib/socket";

export function acceptLoop(
  listener: socket,
  handle: (conn: socket, addr: AddressInfo) => Promise<void>,
): { port: number; stop(): Promise<void> } {
  let stopping = false;
  const done = (async () => {
    while (!stopping) {
      let conn: socket;
      let addr: AddressInfo;
      try {
        [conn, addr] = await listener.accept();
      } catch (err) {
        if (stopping) return;
        throw err;
      }
      // One client after another, as the tutorials' servers do.
      await handle(conn, addr).finally(() => conn.close());
    }
  })();
  const name = listener.getsockname();
  return {
    port: Array.isArray(name) ? name[1] : 0,
    async stop() {
      stopping = true;
      await listener.close();
      await done;
    },
  };
}
