// Opening the connection: Python's socket.create_connection((host, port), timeout).
import { create_connection, type socket } from "@inetlib/socket";

/** openSocket connects to the first address of `host` that answers, as telnetlib's open() does. */
export function openSocket(
  host: string,
  port: number,
  timeout: number | null,
  signal: AbortSignal | undefined,
): Promise<socket> {
  return create_connection([host, port], timeout, null, signal ? { signal } : {});
}
