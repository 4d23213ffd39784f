// Python's ssl module, the part protocol clients and test servers use, over node:tls.
export { DER_cert_to_PEM_cert, PEM_cert_to_DER_cert, PEM_FOOTER, PEM_HEADER } from "./tls/certs.js";
export {
  type ASN1Object,
  CERT_NONE,
  CERT_OPTIONAL,
  CERT_REQUIRED,
  CHANNEL_BINDING_TYPES,
  HAS_ALPN,
  HAS_NEVER_CHECK_COMMON_NAME,
  HAS_SNI,
  HAS_TLSv1_3,
  OPENSSL_VERSION,
  PROTOCOL_SSLv23,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  TLSVersion,
  VerifyMode,
} from "./tls/constants.js";
export { type Password, SSLContext, type WrapSocketOptions } from "./tls/context.js";
export {
  CertificateError,
  SSL_ERROR_EOF,
  SSL_ERROR_INVALID_ERROR_CODE,
  SSL_ERROR_SSL,
  SSL_ERROR_SYSCALL,
  SSL_ERROR_WANT_CONNECT,
  SSL_ERROR_WANT_READ,
  SSL_ERROR_WANT_WRITE,
  SSL_ERROR_WANT_X509_LOOKUP,
  SSL_ERROR_ZERO_RETURN,
  SSLCertVerificationError,
  SSLEOFError,
  SSLError,
  type SSLErrorOptions,
  SSLSyscallError,
  SSLWantReadError,
  SSLWantWriteError,
  SSLZeroReturnError,
} from "./tls/errors.js";
export {
  _client_context,
  _create_stdlib_context,
  _create_unverified_context,
  type CreateContextOptions,
  create_default_context,
  type LegacyContextOptions,
  type UnverifiedContextOptions,
} from "./tls/factories.js";
export type { PeerCertificate, RDN } from "./tls/peercert.js";
export { SSLSession, SSLSocket } from "./tls/sslsocket.js";
export { starttls } from "./tls/wrap.js";
