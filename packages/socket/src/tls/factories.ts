// The context factories: Python's create_default_context() and the unverified context the
// protocol modules fall back on.
import { ValueError } from "../errors.js";
import {
  CERT_NONE,
  CERT_REQUIRED,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  type VerifyMode,
} from "./constants.js";
import { SSLContext } from "./context.js";

/** Keyword arguments of create_default_context(). */
export interface CreateContextOptions {
  cafile?: string | null;
  capath?: string | null;
  cadata?: string | Uint8Array | null;
}

/**
 * create_default_context(purpose, { cafile, capath, cadata }): Python's recommended settings.
 * For Purpose.SERVER_AUTH (clients): PROTOCOL_TLS_CLIENT, CERT_REQUIRED, check_hostname. Trust
 * anchors are cafile/capath/cadata when given, else Node's default store (as Python uses the
 * system's). SSLKEYLOGFILE in the environment sets keylog_filename.
 */
export function create_default_context(
  purpose: Purpose | CreateContextOptions = Purpose.SERVER_AUTH,
  options: CreateContextOptions = {},
): SSLContext {
  if (!isPurpose(purpose)) {
    options = purpose;
    purpose = Purpose.SERVER_AUTH;
  }
  const context = new SSLContext(purpose === Purpose.SERVER_AUTH ? PROTOCOL_TLS_CLIENT : PROTOCOL_TLS_SERVER);
  if (purpose === Purpose.SERVER_AUTH) {
    context.verify_mode = CERT_REQUIRED;
    context.check_hostname = true;
  }
  const { cafile, capath, cadata } = options;
  if (cafile || capath || cadata) context.load_verify_locations(cafile, capath, cadata);
  else if (context.verify_mode !== CERT_NONE) context.load_default_certs(purpose);
  if (process.env.SSLKEYLOGFILE) context.keylog_filename = process.env.SSLKEYLOGFILE;
  return context;
}

/** Keyword arguments of _create_unverified_context(). */
export interface UnverifiedContextOptions extends CreateContextOptions {
  cert_reqs?: VerifyMode | null;
  check_hostname?: boolean;
  purpose?: Purpose;
  certfile?: string | null;
  keyfile?: string | null;
}

/**
 * _create_unverified_context(protocol, {...}): Python's context for protocol clients given no
 * context (smtplib, ftplib, poplib, imaplib, nntplib call it as _create_stdlib_context): it does
 * NOT verify the server unless asked to with cert_reqs and check_hostname.
 */
export function _create_unverified_context(
  protocol: number | null = null,
  options: UnverifiedContextOptions = {},
): SSLContext {
  const purpose = options.purpose ?? Purpose.SERVER_AUTH;
  if (!isPurpose(purpose)) throw new TypeError(String(purpose));
  const context = new SSLContext(
    protocol ?? (purpose === Purpose.SERVER_AUTH ? PROTOCOL_TLS_CLIENT : PROTOCOL_TLS_SERVER),
  );
  const checkHostname = options.check_hostname ?? false;
  const certReqs = options.cert_reqs === undefined ? CERT_NONE : options.cert_reqs;
  if (!checkHostname) context.check_hostname = false;
  if (certReqs !== null) context.verify_mode = certReqs;
  if (checkHostname) context.check_hostname = true;
  const { certfile, keyfile, cafile, capath, cadata } = options;
  if (keyfile && !certfile) throw new ValueError("certfile must be specified");
  if (certfile) context.load_cert_chain(certfile, keyfile ?? null);
  if (cafile || capath || cadata) context.load_verify_locations(cafile, capath, cadata);
  else if (context.verify_mode !== CERT_NONE) context.load_default_certs(purpose);
  if (process.env.SSLKEYLOGFILE) context.keylog_filename = process.env.SSLKEYLOGFILE;
  return context;
}

/** _create_stdlib_context: the same function under the name the protocol modules call. */
export const _create_stdlib_context = _create_unverified_context;

function isPurpose(value: unknown): value is Purpose {
  return value === Purpose.SERVER_AUTH || value === Purpose.CLIENT_AUTH;
}

/** The TLS keyword arguments of Python's *_SSL client classes and their starttls() methods. */
export interface LegacyContextOptions {
  context?: SSLContext | null;
  keyfile?: string | null;
  certfile?: string | null;
}

/**
 * _client_context is the context of a client class that still takes the deprecated keyfile and
 * certfile (FTP_TLS, POP3_SSL, IMAP4_SSL, SMTP_SSL, SMTP.starttls): `context` itself, or a
 * default context with that certificate chain loaded, with Python's checks, messages and
 * DeprecationWarning. Unlike Python's fallback, the default context verifies the server.
 * `name` is the keyword's name in the message (imaplib calls it ssl_context).
 */
export function _client_context(options: LegacyContextOptions, name = "context"): SSLContext {
  const { context = null, keyfile = null, certfile = null } = options;
  if (context !== null && keyfile !== null)
    throw new ValueError(`${name} and keyfile arguments are mutually exclusive`);
  if (context !== null && certfile !== null)
    throw new ValueError(`${name} and certfile arguments are mutually exclusive`);
  if (keyfile !== null || certfile !== null)
    process.emitWarning(
      `keyfile and certfile are deprecated, use a custom ${name} instead`,
      "DeprecationWarning",
    );
  if (context !== null) return context;
  const ctx = create_default_context();
  if (certfile !== null) ctx.load_cert_chain(certfile, keyfile);
  else if (keyfile !== null) throw new ValueError("certfile must be specified");
  return ctx;
}
