// The two ends a line protocol talks through. Our `socket` is both; tests script fakes.

/**
 * ByteSource is where a Reader gets bytes: `recv(bufsize)` resolves with 1..bufsize bytes,
 * or an empty Buffer at end of stream, as Python's socket.recv. Timeouts and cancellation
 * are the source's own business: a Reader passes on whatever it throws.
 */
export interface ByteSource {
  recv(bufsize: number): Promise<Buffer>;
  /**
   * Optional fast path: up to bufsize bytes already received, handed over without waiting; an
   * empty Buffer when none are held (end of stream and errors are left to recv()).
   */
  _recvBuffered?(bufsize: number): Buffer;
  /** Optional: recv() with `timeout` seconds in place of the source's own, for this call only. */
  _recvWithin?(bufsize: number, timeout: number | null): Promise<Buffer>;
  /** Optional: the source's timeout in seconds (null: none), Python's gettimeout(). */
  gettimeout?(): number | null;
}

/** ByteSink is where a Writer puts bytes: `sendall(data)` resolves once all of it is taken. */
export interface ByteSink {
  sendall(data: Uint8Array): Promise<void>;
}

/** SocketLike is what a Conn drives: a connected stream socket, plain or TLS. */
export interface SocketLike extends ByteSource, ByteSink {
  close(): Promise<void> | void;
}
