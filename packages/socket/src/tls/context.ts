// SSLContext: Python's settings object for TLS connections, kept as Node options. One Node
// SecureContext is built per configuration and reused, so a server context issues session
// tickets its later connections accept (FTP data connections reuse the control session).
import { randomBytes } from "node:crypto";
import tls from "node:tls";
import { ValueError } from "../errors.js";
import {
  certsFromDer,
  certsFromDir,
  certsFromPem,
  defaultCACertificates,
  type LoadedCert,
  readFile,
} from "./certs.js";
import {
  CERT_NONE,
  CERT_OPTIONAL,
  CERT_REQUIRED,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  TLSVersion,
  type VerifyMode,
} from "./constants.js";
import { fromTLSError, SSLError } from "./errors.js";
import { decodeCertificate, type PeerCertificate } from "./peercert.js";
import type { SSLSession, SSLSocket } from "./sslsocket.js";
import { wrapSocket } from "./wrap.js";

const NODE_VERSIONS: Partial<Record<TLSVersion, tls.SecureVersion>> = {
  [TLSVersion.MINIMUM_SUPPORTED]: "TLSv1",
  [TLSVersion.TLSv1]: "TLSv1",
  [TLSVersion.TLSv1_1]: "TLSv1.1",
  [TLSVersion.TLSv1_2]: "TLSv1.2",
  [TLSVersion.TLSv1_3]: "TLSv1.3",
  [TLSVersion.MAXIMUM_SUPPORTED]: "TLSv1.3",
};

/** A private key's password: text, bytes, or a function returning either (called once, at load time). */
export type Password = string | Uint8Array | (() => string | Uint8Array);

/** Keyword arguments of SSLContext.wrap_socket(). */
export interface WrapSocketOptions {
  server_side?: boolean;
  /** The host name to verify and send as SNI (not sent when it is an IP address). Required when check_hostname. */
  server_hostname?: string | null;
  /** A session from an earlier connection's `session`, to resume it. */
  session?: SSLSession | null;
  /** false: return at once; the handshake completes in do_handshake() or the first read or write. */
  do_handshake_on_connect?: boolean;
  /** Accepted for parity; an unclean EOF always reads as end of stream, as with Python's default true. */
  suppress_ragged_eofs?: boolean;
}

interface CertChain {
  cert: Buffer;
  key: Buffer;
  passphrase?: string;
}

let warnedNoProtocol = false;

/**
 * SSLContext holds the certificates, trust anchors and settings for TLS connections and makes
 * them with wrap_socket(). Loading methods read files synchronously, as Python's do.
 */
export class SSLContext {
  readonly protocol: number;
  /** Appends TLS secrets in NSS key log format to this file (for Wireshark), like Python's. */
  keylog_filename: string | null = null;
  #verifyMode: VerifyMode;
  #checkHostname: boolean;
  #minimum: TLSVersion = TLSVersion.TLSv1_2;
  #maximum: TLSVersion = TLSVersion.MAXIMUM_SUPPORTED;
  #cas = new Map<string, LoadedCert>();
  #useDefaultCAs = false;
  #chain: CertChain | null = null;
  #ciphers: string | null = null;
  #alpn: string[] | null = null;
  #secure: tls.SecureContext | null = null;
  // Resumption is scoped to one context, as OpenSSL scopes it to one SSL_CTX.
  readonly #sessionIdContext = randomBytes(16).toString("hex");

  constructor(protocol?: number) {
    if (protocol === undefined) {
      if (!warnedNoProtocol) {
        warnedNoProtocol = true;
        process.emitWarning(
          "ssl.SSLContext() without protocol argument is deprecated.",
          "DeprecationWarning",
        );
      }
      protocol = PROTOCOL_TLS;
    }
    if (protocol !== PROTOCOL_TLS && protocol !== PROTOCOL_TLS_CLIENT && protocol !== PROTOCOL_TLS_SERVER)
      throw new ValueError(`invalid or unsupported protocol version ${String(protocol)}`);
    this.protocol = protocol;
    const client = protocol === PROTOCOL_TLS_CLIENT;
    this.#verifyMode = client ? CERT_REQUIRED : CERT_NONE;
    this.#checkHostname = client;
  }

  /** check_hostname: match the peer certificate against server_hostname. Setting it true turns CERT_NONE into CERT_REQUIRED. */
  get check_hostname(): boolean {
    return this.#checkHostname;
  }
  set check_hostname(value: boolean) {
    if (value && this.#verifyMode === CERT_NONE) this.#verifyMode = CERT_REQUIRED;
    this.#checkHostname = Boolean(value);
  }

  /** verify_mode: CERT_NONE, CERT_OPTIONAL or CERT_REQUIRED. */
  get verify_mode(): VerifyMode {
    return this.#verifyMode;
  }
  set verify_mode(value: VerifyMode) {
    if (value !== CERT_NONE && value !== CERT_OPTIONAL && value !== CERT_REQUIRED)
      throw new ValueError("invalid value for verify_mode");
    if (value === CERT_NONE && this.#checkHostname)
      throw new ValueError("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    this.#verifyMode = value;
  }

  /** minimum_version: the lowest TLSVersion negotiated (TLSv1_2 by default, as Python's). */
  get minimum_version(): TLSVersion {
    return this.#minimum;
  }
  set minimum_version(value: TLSVersion) {
    nodeVersion(value);
    this.#minimum = value;
    this.#secure = null;
  }

  /** maximum_version: the highest TLSVersion negotiated. */
  get maximum_version(): TLSVersion {
    return this.#maximum;
  }
  set maximum_version(value: TLSVersion) {
    nodeVersion(value);
    this.#maximum = value;
    this.#secure = null;
  }

  /**
   * load_verify_locations(cafile, capath, cadata): adds trust anchors. cafile is a PEM file,
   * capath a directory of PEM files, cadata PEM text or DER bytes. Keyword form:
   * load_verify_locations({ cadata }).
   */
  load_verify_locations(
    cafile?:
      | string
      | null
      | { cafile?: string | null; capath?: string | null; cadata?: string | Uint8Array | null },
    capath?: string | null,
    cadata?: string | Uint8Array | null,
  ): void {
    if (cafile !== null && typeof cafile === "object") ({ cafile, capath, cadata } = cafile);
    if (cafile == null && capath == null && cadata == null)
      throw new TypeError("cafile, capath and cadata cannot be all omitted");
    const certs: LoadedCert[] = [];
    if (cafile != null) certs.push(...certsFromPem(readFile(cafile).toString("latin1"), "cafile"));
    if (capath != null) certs.push(...certsFromDir(capath));
    if (cadata != null)
      certs.push(...(typeof cadata === "string" ? certsFromPem(cadata, "cadata") : certsFromDer(cadata)));
    for (const c of certs) this.#cas.set(c.x509.fingerprint256, c);
    this.#secure = null;
  }

  /** load_default_certs(purpose): trust Node's default certificate authorities as well. */
  load_default_certs(purpose: Purpose = Purpose.SERVER_AUTH): void {
    if (purpose !== Purpose.SERVER_AUTH && purpose !== Purpose.CLIENT_AUTH)
      throw new TypeError(String(purpose));
    this.set_default_verify_paths();
  }

  /** set_default_verify_paths(): trust Node's default certificate authorities. */
  set_default_verify_paths(): void {
    this.#useDefaultCAs = true;
    this.#secure = null;
  }

  /**
   * load_cert_chain(certfile, keyfile, password): this side's certificate (chain) and private
   * key, PEM files; the key may sit in certfile. Keyword form: load_cert_chain(certfile, { keyfile, password }).
   */
  load_cert_chain(
    certfile: string,
    keyfile?: string | null | { keyfile?: string | null; password?: Password | null },
    password?: Password | null,
  ): void {
    if (keyfile !== null && typeof keyfile === "object") ({ keyfile, password } = keyfile);
    if (!certfile) throw new ValueError("certfile must be specified");
    const cert = readFile(certfile);
    const key = keyfile ? readFile(keyfile) : cert;
    let pass = typeof password === "function" ? password() : password;
    if (pass !== null && pass !== undefined && typeof pass !== "string") {
      if (!(pass instanceof Uint8Array)) throw new TypeError("password callback must return a string");
      pass = Buffer.from(pass).toString("utf8");
    }
    const chain: CertChain = { cert, key, ...(pass != null ? { passphrase: pass } : {}) };
    try {
      tls.createSecureContext(chain);
    } catch (err) {
      throw fromTLSError(err, null, true);
    }
    this.#chain = chain;
    this.#secure = null;
  }

  /** set_ciphers(ciphers): an OpenSSL cipher list for TLS 1.2 and below (TLS 1.3 suites stay enabled, as in Python). */
  set_ciphers(ciphers: string): void {
    const list = withTLS13Suites(ciphers);
    try {
      tls.createSecureContext({ ciphers: list });
    } catch (err) {
      throw new SSLError(null, "No cipher can be selected.", { cause: err });
    }
    this.#ciphers = list;
    this.#secure = null;
  }

  /** set_alpn_protocols(protocols): offered (client) or accepted (server) ALPN names, in preference order. */
  set_alpn_protocols(protocols: readonly string[]): void {
    for (const p of protocols) {
      const n = Buffer.byteLength(p);
      if (n < 1 || n > 255) throw new ValueError("ALPN protocols must be 1 to 255 in length");
    }
    this.#alpn = [...protocols];
  }

  /** get_ca_certs(binary_form): the CA certificates loaded with load_verify_locations(). */
  get_ca_certs(binary_form?: false): PeerCertificate[];
  get_ca_certs(binary_form: true): Buffer[];
  get_ca_certs(binary_form = false): PeerCertificate[] | Buffer[] {
    const cas = [...this.#cas.values()].filter((c) => c.x509.ca);
    return binary_form ? cas.map((c) => c.x509.raw) : cas.map((c) => decodeCertificate(c.x509.raw));
  }

  /** cert_store_stats(): counts of loaded certificates, as Python reports them. */
  cert_store_stats(): { x509: number; crl: number; x509_ca: number } {
    const all = [...this.#cas.values()];
    return { x509: all.length, crl: 0, x509_ca: all.filter((c) => c.x509.ca).length };
  }

  /**
   * wrap_socket(sock, { server_side, server_hostname, session, do_handshake_on_connect }):
   * takes over a connected socket and performs the TLS handshake. The plain socket is
   * detached (closed for its owner); bytes it had received and not yet read are discarded.
   */
  wrap_socket(sock: import("../socket.js").socket, options: WrapSocketOptions = {}): Promise<SSLSocket> {
    return wrapSocket(this, sock, options);
  }

  /** @internal The ALPN list for node:tls. */
  get _alpn(): string[] | undefined {
    return this.#alpn ?? undefined;
  }

  /** @internal The Node SecureContext for this configuration (built once, until a setting changes). */
  _secureContext(): tls.SecureContext {
    if (this.#secure) return this.#secure;
    const ca = [
      ...(this.#useDefaultCAs ? defaultCACertificates() : []),
      ...[...this.#cas.values()].map((c) => c.pem),
    ];
    const options: tls.SecureContextOptions = {
      // An empty list means no trust anchors (as a fresh Python context has), not Node's defaults.
      ca,
      minVersion: nodeVersion(this.#minimum),
      maxVersion: nodeVersion(this.#maximum),
      sessionIdContext: this.#sessionIdContext,
      ...(this.#chain ?? {}),
      ...(this.#ciphers ? { ciphers: this.#ciphers } : {}),
    };
    try {
      this.#secure = tls.createSecureContext(options);
    } catch (err) {
      throw fromTLSError(err, null, true);
    }
    return this.#secure;
  }
}

function nodeVersion(v: TLSVersion): tls.SecureVersion {
  const out = NODE_VERSIONS[v];
  if (!out) throw new ValueError(`unsupported TLS version ${String(v)}`);
  return out;
}

// Node disables TLS 1.3 when the cipher list names no TLS 1.3 suite; Python's set_ciphers leaves them alone.
function withTLS13Suites(ciphers: string): string {
  if (/(^|:)TLS_/.test(ciphers)) return ciphers;
  const suites = tls.DEFAULT_CIPHERS.split(":").filter((c) => c.startsWith("TLS_"));
  return [...suites, ciphers].join(":");
}
