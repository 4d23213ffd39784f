// SSLSocket: a socket whose stream is a node:tls TLSSocket (made by wrap.ts), with Python's
// SSLSocket methods. What the handshake settled is kept, as Python keeps it after the peer closes.
import { X509Certificate } from "node:crypto";
import type tls from "node:tls";
import { OSError, oserror, ValueError } from "../errors.js";
import type { Inbox } from "../inbox.js";
import { type AddressInfo, socket } from "../socket.js";
import { CERT_NONE } from "./constants.js";
import type { SSLContext } from "./context.js";
import { fromTLSError, SSLError } from "./errors.js";
import { decodeCertificate, type PeerCertificate } from "./peercert.js";

/** SSLSession: a client session to resume, from an earlier SSLSocket's `session`. */
export class SSLSession {
  /** The serialized session as node:tls takes it back (tls.connect({ session })). */
  readonly data: Buffer;
  constructor(data: Buffer) {
    this.data = data;
  }
}

/** Internal: what an SSLSocket knows beyond its socket (wrap.ts fills it in). */
export interface SSLState {
  context: SSLContext;
  tls: tls.TLSSocket;
  serverSide: boolean;
  serverHostname: string | null;
  /** The latest session Node reported: TLS 1.3 tickets arrive after the handshake. */
  session: Buffer | null;
  /** Pending only with do_handshake_on_connect false. */
  handshake: Promise<void> | null;
  /** What the handshake settled, kept: Node forgets it once the connection ends, Python does not. */
  info: HandshakeInfo | null;
  discarded: number;
}

export interface HandshakeInfo {
  version: string | null;
  cipher: tls.CipherNameAndProtocol | null;
  peer: X509Certificate | null;
  alpn: string | null;
  reused: boolean;
  finished: Buffer | null;
  peerFinished: Buffer | null;
}

/**
 * The peer's certificate, from its DER bytes: on Node 20, getPeerX509Certificate() on a client
 * socket leaves every later getPeerCertificate() on that connection empty.
 */
export function peerCertificate(t: tls.TLSSocket): X509Certificate | null {
  const raw = t.getPeerCertificate(true)?.raw;
  return raw ? new X509Certificate(raw) : null;
}

/** Internal: records what the handshake settled. */
export function snapshot(t: tls.TLSSocket): HandshakeInfo {
  return {
    version: t.getProtocol(),
    cipher: t.getCipher() ?? null,
    peer: peerCertificate(t),
    alpn: typeof t.alpnProtocol === "string" ? t.alpnProtocol : null,
    reused: t.isSessionReused(),
    finished: t.getFinished() ?? null,
    peerFinished: t.getPeerFinished() ?? null,
  };
}

function info(s: SSLSocket): HandshakeInfo | null {
  return state(s).info;
}

const states = new WeakMap<object, SSLState>();

function state(s: SSLSocket): SSLState {
  const st = states.get(s);
  if (!st) throw new TypeError("not an SSLSocket made by SSLContext.wrap_socket()");
  return st;
}

/**
 * SSLSocket is a socket carrying TLS. It is made by SSLContext.wrap_socket() (its constructor
 * throws, as Python's does); recv/send and everything built on them read and write clear text
 * through the TLS layer.
 */
export class SSLSocket extends socket {
  constructor() {
    super();
    throw new TypeError(
      "SSLSocket does not have a public constructor. Instances are returned by SSLContext.wrap_socket().",
    );
  }

  /** The SSLContext this socket was made with. */
  get context(): SSLContext {
    return state(this).context;
  }

  get server_side(): boolean {
    return state(this).serverSide;
  }

  /** The host name given to wrap_socket(), or null. */
  get server_hostname(): string | null {
    return state(this).serverHostname;
  }

  /** The node:tls socket underneath (for what this API does not cover). */
  get _tls(): tls.TLSSocket {
    return state(this).tls;
  }

  /** discarded: how many received clear-text bytes wrap_socket() dropped (nothing received before STARTTLS is read after it). */
  get discarded(): number {
    return state(this).discarded;
  }

  /**
   * session: the TLS session, to pass as wrap_socket({ session }) to a later connection to the
   * same server (FTP data connections must reuse the control connection's). null before one exists.
   */
  get session(): SSLSession | null {
    const data = state(this).session;
    return data ? new SSLSession(data) : null;
  }

  /** session_reused: whether the handshake resumed the session passed to wrap_socket(). */
  get session_reused(): boolean {
    return info(this)?.reused ?? false;
  }

  /** version(): the negotiated protocol, e.g. "TLSv1.3"; null before the handshake. */
  version(): string | null {
    return info(this)?.version ?? null;
  }

  /** cipher() -> [name, protocol version, secret bits], e.g. ["TLS_AES_256_GCM_SHA384", "TLSv1.3", 256]. */
  cipher(): [string, string, number] | null {
    const c = info(this)?.cipher;
    return c ? [c.name, c.version, secretBits(c.name)] : null;
  }

  /** compression(): always null (TLS compression is disabled). */
  compression(): null {
    return null;
  }

  /** selected_alpn_protocol(): the protocol ALPN settled on, or null. */
  selected_alpn_protocol(): string | null {
    return info(this)?.alpn ?? null;
  }

  /**
   * getpeercert(binary_form): the peer's certificate as Python's dict (empty when the context
   * does not verify, as in Python), or its DER bytes with binary_form; null when there is none.
   */
  getpeercert(binary_form?: false): PeerCertificate | Record<string, never> | null;
  getpeercert(binary_form: true): Buffer | null;
  getpeercert(binary_form = false): PeerCertificate | Record<string, never> | Buffer | null {
    const hs = info(this);
    if (!hs) throw new ValueError("handshake not done yet");
    if (!hs.peer) return null;
    if (binary_form) return hs.peer.raw;
    if (this.context.verify_mode === CERT_NONE) return {};
    return decodeCertificate(hs.peer.raw);
  }

  /** get_channel_binding("tls-unique"): the first Finished message of the handshake (RFC 5929). */
  get_channel_binding(cb_type = "tls-unique"): Buffer | null {
    if (cb_type !== "tls-unique") throw new ValueError("Unsupported channel binding type");
    const hs = info(this);
    if (!hs) return null;
    const own = hs.reused !== !this.server_side;
    return own ? hs.finished : hs.peerFinished;
  }

  /** do_handshake(): waits for the handshake (only pending with do_handshake_on_connect false). */
  async do_handshake(): Promise<void> {
    await handshakeDone(this);
  }

  /**
   * unwrap() always throws: Node cannot return a TLS connection to clear text on the same
   * socket. The connection stays encrypted and usable (ftplib's ccc() reports this error).
   */
  async unwrap(): Promise<socket> {
    throw new SSLError(
      null,
      "unwrap() is not supported: Node.js cannot return a TLS connection to clear text on the same socket; the connection stays encrypted",
    );
  }

  /** dup() is refused, as Python refuses it: two owners of one TLS stream would interleave records. */
  override dup(): socket {
    throw oserror("EOPNOTSUPP", "Can't dup() SSLSocket instances");
  }

  override async recv(bufsize: number, flags = 0): Promise<Buffer> {
    if (flags !== 0) throw new ValueError("non-zero flags not allowed in calls to recv() on SSLSocket");
    await handshakeDone(this);
    try {
      return await super.recv(bufsize);
    } catch (err) {
      throw translate(this, err);
    }
  }

  override async _recvWithin(bufsize: number, timeout: number | null): Promise<Buffer> {
    await handshakeDone(this);
    try {
      return await super._recvWithin(bufsize, timeout);
    } catch (err) {
      throw translate(this, err);
    }
  }

  override async send(data: Uint8Array, flags = 0): Promise<number> {
    if (flags !== 0) throw new ValueError("non-zero flags not allowed in calls to send() on SSLSocket");
    return super.send(data);
  }

  override async sendall(data: Uint8Array, flags = 0): Promise<void> {
    if (flags !== 0) throw new ValueError("non-zero flags not allowed in calls to sendall() on SSLSocket");
    await handshakeDone(this);
    try {
      await super.sendall(data);
    } catch (err) {
      throw translate(this, err);
    }
  }

  override async recvfrom(_bufsize: number, _flags = 0): Promise<[Buffer, AddressInfo | null]> {
    throw new ValueError("recvfrom not allowed on instances of SSLSocket");
  }

  override async recvfrom_into(
    _buffer: Uint8Array,
    _nbytes = 0,
    _flags = 0,
  ): Promise<[number, AddressInfo | null]> {
    throw new ValueError("recvfrom_into not allowed on instances of SSLSocket");
  }

  override async sendto(): Promise<number> {
    throw new ValueError("sendto not allowed on instances of SSLSocket");
  }

  override async _readable(): Promise<Inbox> {
    await handshakeDone(this);
    try {
      return await super._readable();
    } catch (err) {
      throw translate(this, err);
    }
  }
}

async function handshakeDone(s: SSLSocket): Promise<void> {
  const st = state(s);
  if (st.handshake) await st.handshake;
}

// The stream core reports Node's errors as plain OSErrors; TLS-layer ones become SSLErrors.
function translate(s: SSLSocket, err: unknown): unknown {
  if (err instanceof OSError && !(err instanceof SSLError) && err.cause instanceof Error) {
    const mapped = fromTLSError(err.cause, state(s).serverHostname);
    if (mapped instanceof SSLError) return mapped;
  }
  return err;
}

// Secret bits of a cipher suite, from its name (Node does not report them).
function secretBits(name: string): number {
  if (/CHACHA20|AES_?256|CAMELLIA_?256|ARIA_?256/.test(name)) return 256;
  if (/AES_?128|CAMELLIA_?128|ARIA_?128|SEED/.test(name)) return 128;
  if (/3DES|DES-CBC3/.test(name)) return 168;
  return 0;
}

/**
 * Internal: turns a socket made by _socketFromStream() over a TLS stream into an SSLSocket.
 * socket.ts attaches streams only to sockets it constructs itself, so the SSLSocket is that
 * socket with SSLSocket's prototype (its constructor, like Python's, is not for callers).
 */
export function _adopt(s: socket, st: SSLState): SSLSocket {
  Object.setPrototypeOf(s, SSLSocket.prototype);
  states.set(s, st);
  return s as SSLSocket;
}
