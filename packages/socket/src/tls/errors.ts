// Python's ssl exceptions, and the translation of Node's TLS errors into them. Messages read
// as Python's: "[SSL: WRONG_VERSION_NUMBER] wrong version number",
// "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate".
import { isIP } from "node:net";
import { fromNodeError, OSError } from "../errors.js";
import { X509_VERIFY_CODES } from "./verifycodes.js";

/** SSL_ERROR_* values: the errno of the SSLError subclasses. */
export const SSL_ERROR_SSL = 1;
export const SSL_ERROR_WANT_READ = 2;
export const SSL_ERROR_WANT_WRITE = 3;
export const SSL_ERROR_WANT_X509_LOOKUP = 4;
export const SSL_ERROR_SYSCALL = 5;
export const SSL_ERROR_ZERO_RETURN = 6;
export const SSL_ERROR_WANT_CONNECT = 7;
export const SSL_ERROR_EOF = 8;
export const SSL_ERROR_INVALID_ERROR_CODE = 10;

export interface SSLErrorOptions {
  /** OpenSSL's reason mnemonic, e.g. "WRONG_VERSION_NUMBER". */
  reason?: string | null;
  /** OpenSSL's library mnemonic, e.g. "SSL", "X509", "PEM". */
  library?: string | null;
  cause?: unknown;
  code?: string;
}

/** SSLError: an error from the TLS layer (a subclass of OSError, as in Python). str() is strerror alone. */
export class SSLError extends OSError {
  override name = "SSLError";
  readonly reason: string | null;
  readonly library: string | null;

  constructor(errno: number | null, strerror: string, options: SSLErrorOptions = {}) {
    super(errno, strerror, {
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
      ...(options.code ? { code: options.code } : {}),
    });
    // Python's SSLError.__str__ is the message without OSError's "[Errno N]" prefix.
    this.message = strerror;
    this.reason = options.reason ?? null;
    this.library = options.library ?? null;
  }
}

/** SSLZeroReturnError: the peer closed the TLS layer cleanly (close_notify). */
export class SSLZeroReturnError extends SSLError {
  override name = "SSLZeroReturnError";
  constructor(strerror = "TLS/SSL connection has been closed (EOF)", options: SSLErrorOptions = {}) {
    super(SSL_ERROR_ZERO_RETURN, strerror, options);
  }
}

/** SSLWantReadError: a non-blocking operation needs more data first (kept for except-clause parity). */
export class SSLWantReadError extends SSLError {
  override name = "SSLWantReadError";
  constructor(strerror = "The operation did not complete (read)", options: SSLErrorOptions = {}) {
    super(SSL_ERROR_WANT_READ, strerror, options);
  }
}

/** SSLWantWriteError: a non-blocking operation must write first (kept for except-clause parity). */
export class SSLWantWriteError extends SSLError {
  override name = "SSLWantWriteError";
  constructor(strerror = "The operation did not complete (write)", options: SSLErrorOptions = {}) {
    super(SSL_ERROR_WANT_WRITE, strerror, options);
  }
}

/** SSLSyscallError: the operating system failed under the TLS layer. */
export class SSLSyscallError extends SSLError {
  override name = "SSLSyscallError";
  constructor(strerror = "Some I/O error occurred", options: SSLErrorOptions = {}) {
    super(SSL_ERROR_SYSCALL, strerror, options);
  }
}

/** SSLEOFError: the connection ended in the middle of the TLS protocol (e.g. during the handshake). */
export class SSLEOFError extends SSLError {
  override name = "SSLEOFError";
  constructor(
    strerror = "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol",
    options: SSLErrorOptions = {},
  ) {
    super(SSL_ERROR_EOF, strerror, { reason: "UNEXPECTED_EOF_WHILE_READING", library: "SSL", ...options });
  }
}

/**
 * SSLCertVerificationError, also exported as CertificateError: the peer's certificate failed
 * verification or does not match the host name. verify_code is OpenSSL's X509_V_ERR_* number.
 * (Python's also derives from ValueError; JavaScript has single inheritance.)
 */
export class SSLCertVerificationError extends SSLError {
  override name = "SSLCertVerificationError";
  readonly verify_code: number;
  readonly verify_message: string;

  constructor(verify_code: number, verify_message: string, options: { cause?: unknown; code?: string } = {}) {
    super(SSL_ERROR_SSL, `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verify_message}`, {
      ...options,
      reason: "CERTIFICATE_VERIFY_FAILED",
      library: "SSL",
    });
    this.verify_code = verify_code;
    this.verify_message = verify_message;
  }
}
export { SSLCertVerificationError as CertificateError };

interface NodeTLSError extends Error {
  code?: string;
  syscall?: string;
  library?: string;
  reason?: string;
  host?: string;
}

// OpenSSL's long library names (as Node reports them) to the mnemonics Python shows.
const LIBRARIES: Record<string, string> = {
  "SSL routines": "SSL",
  "x509 certificate routines": "X509",
  "X509 V3 routines": "X509V3",
  "PEM routines": "PEM",
  "asn1 encoding routines": "ASN1",
  "digital envelope routines": "EVP",
  "Provider routines": "PROV",
  "DECODER routines": "DECODER",
  "BIO routines": "BIO",
  "system library": "SYS",
  "STORE routines": "OSSL_STORE",
  "elliptic curve routines": "EC",
  "rsa routines": "RSA",
};

/**
 * Translates an error from node:tls into Python's exception. `hostname` is the name being
 * verified (for the host name mismatch message); `packedErrno` uses OpenSSL's reason number as
 * errno (as Python does for context loading) instead of SSL_ERROR_SSL (handshake and I/O).
 */
export function fromTLSError(err: unknown, hostname: string | null = null, packedErrno = false): Error {
  if (err instanceof SSLError || !(err instanceof Error)) return fromNodeError(err);
  const e = err as NodeTLSError;
  const code = e.code ?? "";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const host = hostname ?? e.host ?? "";
    const message = isIP(host)
      ? `IP address mismatch, certificate is not valid for '${host}'.`
      : `Hostname mismatch, certificate is not valid for '${host}'.`;
    return new SSLCertVerificationError(isIP(host) ? 64 : 62, message, { cause: err, code });
  }
  const verifyCode = X509_VERIFY_CODES[code];
  if (verifyCode !== undefined)
    return new SSLCertVerificationError(verifyCode, opensslReason(e.message), { cause: err, code });
  // Node's own error for a connection closed before the handshake finished (no syscall: not a real RST).
  if ((code === "ECONNRESET" && e.syscall === undefined) || code === "ERR_SSL_UNEXPECTED_EOF_WHILE_READING")
    return new SSLEOFError(undefined, { cause: err, code });
  if (e.library || code.startsWith("ERR_SSL_") || code.startsWith("ERR_OSSL_")) {
    const library = e.library
      ? (LIBRARIES[e.library] ?? e.library.toUpperCase())
      : code.startsWith("ERR_SSL_")
        ? "SSL"
        : "";
    const text =
      e.reason ??
      (code.startsWith("ERR_SSL_") ? code.slice(8).toLowerCase().replaceAll("_", " ") : e.message);
    const reason = text.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    const packed = /error:([0-9A-Fa-f]{8}):/.exec(e.message);
    const errno = packedErrno && packed ? Number.parseInt(packed[1]!, 16) & 0x7fffff : SSL_ERROR_SSL;
    return new SSLError(errno, `[${library}: ${reason}] ${text}`, { reason, library, cause: err, code });
  }
  return fromNodeError(err);
}

/**
 * OpenSSL's verify reason alone, as Python shows it: Node 24 appends advice after "; " ("if the
 * root CA is installed locally, try running Node.js with --use-system-ca"); OpenSSL's own
 * reasons contain no semicolon.
 */
function opensslReason(message: string): string {
  const cut = message.indexOf("; ");
  return cut === -1 ? message : message.slice(0, cut);
}
