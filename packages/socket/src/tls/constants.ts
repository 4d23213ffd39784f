// Python's ssl module constants: protocols, verification modes, TLS versions, purposes.

/** PROTOCOL_TLS (deprecated in Python 3.10): either side, no verification by default. */
export const PROTOCOL_TLS = 2;
export const PROTOCOL_SSLv23 = PROTOCOL_TLS;
/** PROTOCOL_TLS_CLIENT: client side; check_hostname true and CERT_REQUIRED by default. */
export const PROTOCOL_TLS_CLIENT = 16;
/** PROTOCOL_TLS_SERVER: server side; no client certificate requested by default. */
export const PROTOCOL_TLS_SERVER = 17;

export const CERT_NONE = 0;
export const CERT_OPTIONAL = 1;
export const CERT_REQUIRED = 2;
/** VerifyMode: the CERT_* constants as Python's enum. */
export const VerifyMode = { CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED } as const;
export type VerifyMode = (typeof VerifyMode)[keyof typeof VerifyMode];

/** TLSVersion: protocol versions for minimum_version and maximum_version, with Python's values. */
export const TLSVersion = {
  MINIMUM_SUPPORTED: -2,
  MAXIMUM_SUPPORTED: -1,
  SSLv3: 0x300,
  TLSv1: 0x301,
  TLSv1_1: 0x302,
  TLSv1_2: 0x303,
  TLSv1_3: 0x304,
} as const;
export type TLSVersion = (typeof TLSVersion)[keyof typeof TLSVersion];

/** An extended key usage, as Python's Purpose members are. */
export interface ASN1Object {
  readonly nid: number;
  readonly shortname: string;
  readonly longname: string;
  readonly oid: string;
}

/** Purpose.SERVER_AUTH: contexts that authenticate servers (clients); CLIENT_AUTH the reverse. */
export const Purpose = Object.freeze({
  SERVER_AUTH: Object.freeze({
    nid: 129,
    shortname: "serverAuth",
    longname: "TLS Web Server Authentication",
    oid: "1.3.6.1.5.5.7.3.1",
  }),
  CLIENT_AUTH: Object.freeze({
    nid: 130,
    shortname: "clientAuth",
    longname: "TLS Web Client Authentication",
    oid: "1.3.6.1.5.5.7.3.2",
  }),
});
export type Purpose = ASN1Object;

export const HAS_SNI = true;
export const HAS_ALPN = true;
export const HAS_TLSv1_3 = true;
export const HAS_NEVER_CHECK_COMMON_NAME = true;
/** The OpenSSL Node is linked against, in Python's format: "OpenSSL 3.0.15+quic". */
export const OPENSSL_VERSION = `OpenSSL ${process.versions.openssl}`;
export const CHANNEL_BINDING_TYPES = ["tls-unique"] as const;
