// A DKIM verifier for the tests (RFC 6376, rsa-sha256, relaxed/relaxed and simple/simple): the
// signature a message carries is checked against the public key, over the headers it names
// and the body hash it states, so a signature that does not verify fails the test.
import { createHash, createVerify, type KeyObject } from "node:crypto";

/** Headers of `message` as [name, raw field with its folding], in order. */
function headerFields(head: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of head.split("\r\n")) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1]![1] += `\r\n${line}`;
    else fields.push([line.slice(0, line.indexOf(":")), line]);
  }
  return fields;
}

function relaxedHeader(field: string): string {
  const colon = field.indexOf(":");
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  return `${name}:${value}`;
}

function relaxedBody(body: string): string {
  const lines = body.split("\r\n").map((l) => l.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
}

function simpleBody(body: string): string {
  const trimmed = body.replace(/(\r\n)*$/, "");
  return `${trimmed}\r\n`;
}

/** verifyDkim returns null when the message's DKIM-Signature verifies with `key`, else why not. */
export function verifyDkim(message: string, key: KeyObject): string | null {
  const split = message.indexOf("\r\n\r\n");
  const head = message.slice(0, split);
  const body = message.slice(split + 4);
  const fields = headerFields(head);
  const sigField = fields.find(([name]) => name.toLowerCase() === "dkim-signature");
  if (!sigField) return "no DKIM-Signature";
  const tags = new Map<string, string>();
  for (const part of sigField[1].slice(sigField[1].indexOf(":") + 1).split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) tags.set(part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, ""));
  }
  if (tags.get("a") !== "rsa-sha256") return `algorithm ${tags.get("a")}`;
  const [hc = "simple", bc = "simple"] = (tags.get("c") ?? "simple/simple").split("/");
  const canonBody = bc === "relaxed" ? relaxedBody(body) : simpleBody(body);
  const bh = createHash("sha256").update(canonBody, "latin1").digest("base64");
  if (bh !== tags.get("bh")) return `body hash ${bh} != ${tags.get("bh")}`;
  const canon = (field: string) => (hc === "relaxed" ? relaxedHeader(field) : field);
  // Each name in h= takes the last unused instance of that header (RFC 6376 5.4.2).
  const used = new Set<number>();
  const signed: string[] = [];
  for (const name of (tags.get("h") ?? "").split(":")) {
    for (let i = fields.length - 1; i >= 0; i--) {
      if (used.has(i) || fields[i]![0].toLowerCase() !== name.toLowerCase()) continue;
      used.add(i);
      signed.push(`${canon(fields[i]![1])}\r\n`);
      break;
    }
  }
  const emptied = sigField[1].replace(/(;\s*b\s*=)[^;]*/, "$1");
  const data = signed.join("") + canon(emptied);
  const verify = createVerify("RSA-SHA256");
  verify.update(data, "latin1");
  return verify.verify(key, Buffer.from(tags.get("b") ?? "", "base64")) ? null : "signature does not verify";
}
