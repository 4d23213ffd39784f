// Certificates as Python's ssl module shows them: getpeercert() and get_ca_certs() build the
// same dict _ssl.c does, decoded from the DER so that names keep their order and exact text.
import { children, type Der, oid, readDer, text, time } from "./der.js";

/** One relative distinguished name: its [attribute, value] pairs, e.g. [["commonName", "localhost"]]. */
export type RDN = Array<[string, string]>;

/** getpeercert()'s dict, key for key as Python builds it. */
export interface PeerCertificate {
  /** e.g. [[["organizationName", "inetlib tests"]], [["commonName", "localhost"]]] */
  subject: RDN[];
  issuer: RDN[];
  version: number;
  /** Upper-case hex, as Python prints it: "1001". */
  serialNumber: string;
  /** OpenSSL's time format: "Oct 28 05:10:38 2126 GMT". */
  notBefore: string;
  notAfter: string;
  /** e.g. [["DNS", "localhost"], ["IP Address", "127.0.0.1"], ["IP Address", "0:0:0:0:0:0:0:1"]] */
  subjectAltName?: Array<[string, string | RDN[]]>;
  OCSP?: string[];
  caIssuers?: string[];
  crlDistributionPoints?: string[];
}

// OpenSSL's long names (OBJ_nid2ln), which is what Python shows.
const ATTRIBUTE_NAMES: Record<string, string> = {
  "2.5.4.3": "commonName",
  "2.5.4.4": "surname",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "countryName",
  "2.5.4.7": "localityName",
  "2.5.4.8": "stateOrProvinceName",
  "2.5.4.9": "streetAddress",
  "2.5.4.10": "organizationName",
  "2.5.4.11": "organizationalUnitName",
  "2.5.4.12": "title",
  "2.5.4.13": "description",
  "2.5.4.15": "businessCategory",
  "2.5.4.17": "postalCode",
  "2.5.4.42": "givenName",
  "2.5.4.43": "initials",
  "2.5.4.44": "generationQualifier",
  "2.5.4.46": "dnQualifier",
  "2.5.4.65": "pseudonym",
  "2.5.4.97": "organizationIdentifier",
  "1.2.840.113549.1.9.1": "emailAddress",
  "0.9.2342.19200300.100.1.1": "userId",
  "0.9.2342.19200300.100.1.25": "domainComponent",
  "1.3.6.1.4.1.311.60.2.1.1": "jurisdictionLocalityName",
  "1.3.6.1.4.1.311.60.2.1.2": "jurisdictionStateOrProvinceName",
  "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionCountryName",
};

const SUBJECT_ALT_NAME = "2.5.29.17";
const AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
const CRL_DISTRIBUTION_POINTS = "2.5.29.31";
const AD_OCSP = "1.3.6.1.5.5.7.48.1";
const AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.2";

/** Decodes a DER certificate into Python's getpeercert() dict. Throws DerError on malformed input. */
export function decodeCertificate(der: Buffer): PeerCertificate {
  const [cert] = readDer(der);
  const tbsEl = children(cert)[0];
  if (!tbsEl) throw new TypeError("not a certificate");
  const tbs = children(tbsEl);
  let i = 0;
  let version = 1;
  if (tbs[0]?.tag === 0xa0) {
    version = intValue(children(tbs[0])[0]!) + 1;
    i = 1;
  }
  const serial = tbs[i]!;
  const issuer = tbs[i + 2]!;
  const validity = children(tbs[i + 3]!);
  const subject = tbs[i + 4]!;
  const out: PeerCertificate = {
    subject: decodeName(subject),
    issuer: decodeName(issuer),
    version,
    serialNumber: serialHex(serial.body),
    notBefore: time(validity[0]!),
    notAfter: time(validity[1]!),
  };
  const extensions = tbs.slice(i + 6).find((el) => el.tag === 0xa3);
  if (extensions) {
    for (const ext of children(children(extensions)[0]!)) {
      const parts = children(ext);
      const id = oid(parts[0]!.body);
      const value = readDer(parts[parts.length - 1]!.body)[0];
      if (id === SUBJECT_ALT_NAME) out.subjectAltName = children(value).map(generalName);
      else if (id === AUTHORITY_INFO_ACCESS) decodeInfoAccess(value, out);
      else if (id === CRL_DISTRIBUTION_POINTS) {
        const uris = decodeDistributionPoints(value);
        if (uris.length > 0) out.crlDistributionPoints = uris;
      }
    }
  }
  return out;
}

function decodeName(name: Der): RDN[] {
  return children(name).map((set) =>
    children(set).map((pair): [string, string] => {
      const [type, value] = children(pair);
      const id = oid(type!.body);
      return [ATTRIBUTE_NAMES[id] ?? id, text(value!)];
    }),
  );
}

function intValue(el: Der): number {
  let n = 0;
  for (const b of el.body) n = n * 256 + b;
  return n;
}

// i2a_ASN1_INTEGER: the magnitude's bytes in upper-case hex, without DER's sign-padding zero.
function serialHex(body: Buffer): string {
  const bytes = body.length > 1 && body[0] === 0 ? body.subarray(1) : body;
  return bytes.length === 0 ? "00" : bytes.toString("hex").toUpperCase();
}

// Python's _get_peer_alt_names() labels.
function generalName(el: Der): [string, string | RDN[]] {
  switch (el.tag) {
    case 0x81:
      return ["email", el.body.toString("latin1")];
    case 0x82:
      return ["DNS", el.body.toString("latin1")];
    case 0x86:
      return ["URI", el.body.toString("latin1")];
    case 0x87:
      return ["IP Address", ipText(el.body)];
    case 0x88:
      return ["Registered ID", oid(el.body)];
    case 0xa4:
      return ["DirName", decodeName(children(el)[0]!)];
    case 0xa3:
      return ["X400Name", "<unsupported>"];
    case 0xa5:
      return ["EdiPartyName", "<unsupported>"];
    default:
      return ["othername", "<unsupported>"];
  }
}

function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join(".");
  if (b.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16).toUpperCase());
    return groups.join(":");
  }
  return "<invalid>";
}

function decodeInfoAccess(value: Der, out: PeerCertificate): void {
  for (const desc of children(value)) {
    const [method, location] = children(desc);
    if (!method || location?.tag !== 0x86) continue;
    const uri = location.body.toString("latin1");
    const id = oid(method.body);
    if (id === AD_OCSP) out.OCSP = [...(out.OCSP ?? []), uri];
    else if (id === AD_CA_ISSUERS) out.caIssuers = [...(out.caIssuers ?? []), uri];
  }
}

function decodeDistributionPoints(value: Der): string[] {
  const uris: string[] = [];
  for (const point of children(value)) {
    const name = children(point).find((el) => el.tag === 0xa0);
    const fullName = name ? children(name).find((el) => el.tag === 0xa0) : undefined;
    for (const gn of fullName ? children(fullName) : [])
      if (gn.tag === 0x86) uris.push(gn.body.toString("latin1"));
  }
  return uris;
}
