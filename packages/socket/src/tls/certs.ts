// Certificate files and formats: PEM <-> DER as Python's ssl module converts them, the trust
// anchors Node ships, and reading cafile/capath/cadata into PEM strings for node:tls.
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import tls from "node:tls";
import { fromNodeError, ValueError } from "../errors.js";
import { DerError, splitDer } from "./der.js";
import { fromTLSError, SSLError } from "./errors.js";

export const PEM_HEADER = "-----BEGIN CERTIFICATE-----";
export const PEM_FOOTER = "-----END CERTIFICATE-----";
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** DER_cert_to_PEM_cert(der_cert_bytes): base64 in 64-column lines between the PEM markers. */
export function DER_cert_to_PEM_cert(der_cert_bytes: Uint8Array): string {
  const b64 = Buffer.from(der_cert_bytes).toString("base64");
  const lines = [PEM_HEADER];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  lines.push(`${PEM_FOOTER}\n`);
  return lines.join("\n");
}

/** PEM_cert_to_DER_cert(pem_cert_string): the DER bytes of one PEM certificate. */
export function PEM_cert_to_DER_cert(pem_cert_string: string): Buffer {
  if (!pem_cert_string.startsWith(PEM_HEADER))
    throw new ValueError(`Invalid PEM encoding; must start with ${PEM_HEADER}`);
  const trimmed = pem_cert_string.trim();
  if (!trimmed.endsWith(PEM_FOOTER))
    throw new ValueError(`Invalid PEM encoding; must end with ${PEM_FOOTER}`);
  return Buffer.from(trimmed.slice(PEM_HEADER.length, -PEM_FOOTER.length), "base64");
}

/** A trust anchor as the context holds it. */
export interface LoadedCert {
  pem: string;
  x509: X509Certificate;
}

/** Reads a file as Python would open it: a missing file is FileNotFoundError. */
export function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw fromNodeError(err);
  }
}

function parse(pemOrDer: string | Buffer): LoadedCert {
  try {
    const x509 = new X509Certificate(pemOrDer);
    return { pem: typeof pemOrDer === "string" ? pemOrDer : DER_cert_to_PEM_cert(pemOrDer), x509 };
  } catch (err) {
    throw fromTLSError(err, null, true);
  }
}

/** The certificates in PEM text; throws Python's SSLError when there are none. */
export function certsFromPem(pem: string, what: string): LoadedCert[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    if (what === "cadata")
      throw new SSLError(null, "no start line: cadata does not contain a certificate", {
        reason: "NO_START_LINE",
        library: "PEM",
      });
    throw new SSLError(136, "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found", {
      reason: "NO_CERTIFICATE_OR_CRL_FOUND",
      library: "X509",
    });
  }
  return blocks.map((b) => parse(`${b}\n`));
}

/** cadata given as bytes: one or more DER certificates back to back. */
export function certsFromDer(der: Uint8Array): LoadedCert[] {
  let parts: Buffer[];
  try {
    parts = splitDer(Buffer.from(der));
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    parts = [];
  }
  if (parts.length === 0)
    throw new SSLError(null, "not enough data: cadata does not contain a certificate", {
      reason: "NOT_ENOUGH_DATA",
      library: "ASN1",
    });
  return parts.map((p) => parse(p));
}

/** Every certificate in the files of a directory (OpenSSL's capath: hashed names, PEM content). */
export function certsFromDir(dir: string): LoadedCert[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw fromNodeError(err);
  }
  const out: LoadedCert[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    let content: string;
    try {
      if (!fs.statSync(file).isFile()) continue;
      content = fs.readFileSync(file, "latin1");
    } catch {
      continue;
    }
    if (content.includes(PEM_HEADER)) out.push(...certsFromPem(content, "capath"));
  }
  return out;
}

let defaults: string[] | undefined;

/**
 * The trust anchors Node uses when none are given: its bundled roots plus NODE_EXTRA_CA_CERTS
 * (and the system store where Node is told to use it and can list it).
 */
export function defaultCACertificates(): string[] {
  if (defaults) return defaults;
  const list = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof list === "function") {
    defaults = list("default");
    return defaults;
  }
  const out = [...tls.rootCertificates];
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      out.push(...(fs.readFileSync(extra, "latin1").match(PEM_BLOCK) ?? []));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
    }
  }
  defaults = out;
  return out;
}
