// wrap_socket(): detaches a connected socket's stream, runs the TLS handshake over it and fails
// closed: if the handshake does not complete, the connection is destroyed and the error thrown;
// nothing ever goes on in clear.
import fs from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { SOCK_STREAM } from "../constants.js";
import { AbortError, BlockingIOError, oserror, TimeoutError, ValueError } from "../errors.js";
import { _detachStream, _socketFromStream, type socket } from "../socket.js";
import { CERT_NONE, CERT_REQUIRED, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER } from "./constants.js";
import type { SSLContext, WrapSocketOptions } from "./context.js";
import { fromTLSError, SSLCertVerificationError, SSLEOFError } from "./errors.js";
import { _adopt, peerCertificate, type SSLSocket, type SSLState, snapshot } from "./sslsocket.js";

const EMPTY = Buffer.alloc(0);
const noop = (): void => {};

/**
 * starttls(sock, context, server_hostname): upgrades a live client connection after the
 * protocol's go-ahead ("220 Ready to start TLS") and returns the SSLSocket. Anything the server
 * sent after the go-ahead and before the handshake is discarded, never read (an injection, cf.
 * CVE-2021-22947); the result's `discarded` says how many bytes, for the protocol to trace.
 */
export function starttls(
  sock: socket,
  context: SSLContext,
  server_hostname: string | null,
): Promise<SSLSocket> {
  return context.wrap_socket(sock, { server_hostname });
}

/** SSLContext.wrap_socket()'s work. */
export async function wrapSocket(
  context: SSLContext,
  sock: socket,
  options: WrapSocketOptions,
): Promise<SSLSocket> {
  const serverSide = options.server_side ?? false;
  const hostname = options.server_hostname ?? null;
  if (serverSide) {
    if (hostname) throw new ValueError("server_hostname can only be specified in client mode");
    if (options.session) throw new ValueError("session can only be specified in client mode");
  }
  if (context.check_hostname && !hostname) throw new ValueError("check_hostname requires server_hostname");
  if (hostname !== null && (hostname === "" || hostname.startsWith(".")))
    throw new ValueError("server_hostname cannot be an empty string or start with a leading dot.");
  if (serverSide && context.protocol === PROTOCOL_TLS_CLIENT)
    throw new ValueError("Cannot create a server socket with a PROTOCOL_TLS_CLIENT context");
  if (!serverSide && context.protocol === PROTOCOL_TLS_SERVER)
    throw new ValueError("Cannot create a client socket with a PROTOCOL_TLS_SERVER context");
  if (sock.type !== SOCK_STREAM) throw new ValueError("only stream sockets are supported");
  if (!sock._stream) {
    if (sock._closed) throw oserror("EBADF");
    throw oserror("ENOTCONN", "Transport endpoint is not connected (wrap_socket() needs a connected socket)");
  }
  const secureContext = context._secureContext();
  const timeout = sock.gettimeout();
  const signal = sock.signal;
  const family = sock.family;
  const sockOptions = [...sock._options];
  // Server side: the client may already have sent its hello; it belongs to the TLS layer.
  let early: Buffer = EMPTY;
  if (serverSide) {
    try {
      early = await takeBuffered(sock);
    } catch (err) {
      await sock.close();
      throw err;
    }
  }
  const { stream: raw, discarded } = _detachStream(sock);
  // Errors surface through the TLS socket; a late one on the plain stream must not crash the process.
  raw.on("error", noop);
  if (early.length > 0) raw.unshift(early);

  let t: tls.TLSSocket;
  try {
    t = serverSide
      ? new tls.TLSSocket(raw, {
          isServer: true,
          secureContext,
          requestCert: context.verify_mode !== CERT_NONE,
          rejectUnauthorized: context.verify_mode === CERT_REQUIRED,
          ...(context._alpn ? { ALPNProtocols: context._alpn } : {}),
        })
      : tls.connect({
          socket: raw,
          secureContext,
          rejectUnauthorized: context.verify_mode !== CERT_NONE,
          checkServerIdentity: context.check_hostname
            ? (_host, cert) => tls.checkServerIdentity(hostname ?? "", cert)
            : () => undefined,
          // RFC 6066: no SNI for an IP address; its certificate is still checked against it.
          ...(hostname && !net.isIP(hostname) ? { servername: hostname } : {}),
          ...(options.session ? { session: options.session.data } : {}),
          ...(context._alpn ? { ALPNProtocols: context._alpn } : {}),
        });
  } catch (err) {
    raw.destroy();
    throw fromTLSError(err, hostname);
  }
  const st: SSLState = {
    context,
    tls: t,
    serverSide,
    serverHostname: hostname,
    session: null,
    handshake: null,
    info: null,
    discarded,
  };
  if (!serverSide) t.on("session", (data: Buffer) => (st.session = data));
  const keylog = context.keylog_filename;
  if (keylog) t.on("keylog", (line: Buffer) => appendKeylog(keylog, line));

  const done = handshake(t, raw, st, timeout, signal);
  const make = (): SSLSocket => {
    const s = _socketFromStream(t, family, { signal, timeout });
    for (const [k, v] of sockOptions) s._options.set(k, v);
    return _adopt(s, st);
  };
  if (options.do_handshake_on_connect === false) {
    st.handshake = done.then(() => {
      st.handshake = null;
    });
    st.handshake.catch(noop);
    return make();
  }
  await done;
  return make();
}

// Takes what a socket has received and not yet read, without waiting.
async function takeBuffered(sock: socket): Promise<Buffer> {
  const saved = sock.gettimeout();
  sock.settimeout(0);
  try {
    const inbox = await sock._readable();
    return Buffer.from(inbox.take(inbox.length));
  } catch (err) {
    if (err instanceof BlockingIOError) return EMPTY;
    throw err;
  } finally {
    sock.settimeout(saved);
  }
}

// Waits for the handshake, honouring the socket's timeout and signal; destroys the connection on failure.
function handshake(
  t: tls.TLSSocket,
  raw: net.Socket,
  st: SSLState,
  timeout: number | null,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const event = st.serverSide ? "secure" : "secureConnect";
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      t.off(event, onSecure);
      t.off("error", onError);
      t.off("close", onClose);
      t.off("end", onClose);
      signal?.removeEventListener("abort", onAbort);
    };
    const fail = (err: Error) => {
      cleanup();
      t.on("error", noop);
      t.destroy();
      raw.destroy();
      reject(err);
    };
    const onSecure = () => {
      const err = verifyPeer(t, st);
      if (err) return fail(err);
      cleanup();
      st.info = snapshot(t);
      if (!st.serverSide) st.session ??= t.getSession() ?? null;
      resolve();
    };
    const onError = (err: Error) => fail(fromTLSError(err, st.serverHostname));
    const onClose = () => fail(new SSLEOFError());
    const onAbort = () => fail(new AbortError(undefined, { cause: signal?.reason }));
    t.once(event, onSecure);
    t.on("error", onError);
    // With allowHalfOpen, a peer that hangs up mid-handshake may only show as 'end'.
    t.once("close", onClose);
    t.once("end", onClose);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (timeout !== null && timeout > 0)
      timer = setTimeout(() => fail(new TimeoutError("The handshake operation timed out")), timeout * 1000);
  });
}

interface VerifyHandle {
  verifyError?: () => (Error & { code?: string }) | undefined;
}

// A second look after the handshake. Client: Node rejected what failed verification already;
// this only makes sure. Server: Node accepts any client certificate and leaves the verdict to us.
function verifyPeer(t: tls.TLSSocket, st: SSLState): Error | null {
  if (st.context.verify_mode === CERT_NONE) return null;
  if (!st.serverSide) {
    if (t.authorized) return null;
    const code = String(t.authorizationError ?? "UNSPECIFIED");
    return fromTLSError(Object.assign(new Error(code), { code }), st.serverHostname);
  }
  if (!peerCertificate(t)) return null; // CERT_OPTIONAL without a certificate (REQUIRED failed in OpenSSL)
  const handle = (t as unknown as { _handle?: VerifyHandle })._handle;
  if (typeof handle?.verifyError !== "function")
    return new SSLCertVerificationError(1, "cannot verify the client certificate");
  const err = handle.verifyError();
  return err ? fromTLSError(err) : null;
}

function appendKeylog(file: string, line: Buffer): void {
  try {
    if (!fs.existsSync(file))
      fs.writeFileSync(file, "# TLS secrets log file, generated by OpenSSL / Node.js\n");
    fs.appendFileSync(file, line);
  } catch {
    // Like OpenSSL's key log callback: a failing log never breaks the connection.
  }
}
