// What a FETCH's ENVELOPE says, decoded for people: the subject and display names in RFC 2047
// encoded words, which servers pass on as they are (RFC 3501 7.4.2). File names are
// structure.ts's filename(). The CLI shows what these return. Pure.
import { decodeWords } from "./decode.js";
import type { Address, Envelope } from "./structure.js";

/** envelopeSubject returns the envelope's subject, RFC 2047-decoded ("" when it has none). */
export function envelopeSubject(envelope: Envelope | null): string {
  return envelope?.subject ? decodeWords(envelope.subject) : "";
}

/**
 * formatAddress writes an envelope address as a person reads it, the name RFC 2047-decoded:
 *
 *	{ name: "=?UTF-8?Q?J=C3=B6rg?=", mailbox: "joerg", host: "example.org" }  ->  "Jörg <joerg@example.org>"
 */
export function formatAddress(address: Address): string {
  const spec = address.host === null ? (address.mailbox ?? "") : `${address.mailbox ?? ""}@${address.host}`;
  return address.name ? `${decodeWords(address.name)} <${spec}>` : spec;
}
