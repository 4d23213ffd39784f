// Readiness: telnetlib's select() calls over Node's event loop. Python asks the kernel whether a
// recv() would block (select with timeout 0) or waits for that (select with a timeout); here the
// socket's receive queue plays the kernel's buffer.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { socket } from "@inetlib/socket";

/** Monotonic milliseconds, for deadlines. */
export function now(): number {
  return performance.now();
}

export class Readiness {
  /**
   * avail(sock) is select([sock], [], [], 0): after one turn of the event loop (so that bytes
   * the kernel holds reach the socket, as select would see them), whether a recv() would
   * return at once. A loop over read_eager() therefore never starves Node's I/O.
   */
  async avail(sock: socket): Promise<boolean> {
    await nextTurn();
    return sock._waitReadable(0);
  }

  /**
   * wait(sock, deadline) is select([sock], [], [], timeout): resolves true once a recv() would
   * not block, false when the deadline (performance.now() milliseconds) passes first. The
   * socket's own timeout does not shorten it, as it does not shorten Python's select().
   */
  async wait(sock: socket, deadline: number | null): Promise<boolean> {
    if (deadline === null) return sock._waitReadable(null);
    const ms = deadline - now();
    if (ms <= 0) return this.avail(sock);
    return sock._waitReadable(ms / 1000);
  }
}
