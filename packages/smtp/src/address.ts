// Addresses as smtplib handles them: quoteaddr() for MAIL FROM and RCPT TO, _addr_only() for
// VRFY and EXPN, getaddresses() for send_message(). Parsing is nodemailer's addressparser;
// where it and Python's email.utils read a string differently (a bare word such as "John" is a
// display name to nodemailer, an address to Python), Python's reading is kept.
import { ValueError } from "@inetlib/socket";
import addressparser from "nodemailer/lib/addressparser";

/** ParsedAddress is [display name, address], as email.utils.parseaddr() returns. */
export type ParsedAddress = [name: string, address: string];

const EMPTY_ANGLE = /<\s*>/;

// A bare addr-spec of dot-atom characters ("user@example.org") is what nearly every sendmail()
// is given, and the parser reads it back as it is: ["", addrstring]. Recognised here, it skips
// the tokenizer, which costs tens of microseconds per call in a fresh process (four calls per
// message). The property test checks that the parser agrees on every string this accepts.
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[A-Za-z0-9.-]+$/;

/** isPlainAddress tells an addr-spec that parseaddr() would return unchanged, without parsing it. */
export function isPlainAddress(addrstring: string): boolean {
  return PLAIN_ADDRESS.test(addrstring);
}

/**
 * getaddresses returns every address in the given header values, as email.utils.getaddresses():
 *
 *	getaddresses(['John Root <root@localhost>, Jeff'])  ->  [["John Root", "root@localhost"], ["", "Jeff"]]
 *
 * Groups are flattened. A bare word with no angle brackets is taken as the address.
 */
export function getaddresses(fieldvalues: readonly string[]): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  for (const value of fieldvalues) {
    const bareWords = !EMPTY_ANGLE.test(value);
    for (const { name, address } of addressparser(value, { flatten: true })) {
      if (address === "" && name !== "" && bareWords) out.push(["", name.split(/\s+/)[0]!]);
      else out.push([name, address]);
    }
  }
  return out;
}

/** parseaddr returns the first address of `addr`, or ["", ""] when there is none (email.utils.parseaddr). */
export function parseaddr(addr: string): ParsedAddress {
  return getaddresses([addr])[0] ?? ["", ""];
}

/**
 * quoteaddr quotes an address for MAIL FROM or RCPT TO, as smtplib.quoteaddr():
 *
 *	quoteaddr("John Doe <john@example.com>")  ->  "<john@example.com>"
 *	quoteaddr("john@example.com")             ->  "<john@example.com>"
 *	quoteaddr("<>")                           ->  "<>"    (the null sender)
 *
 * What cannot be parsed is used as it is, in angle brackets unless it starts with one.
 */
export function quoteaddr(addrstring: string): string {
  if (isPlainAddress(addrstring)) return `<${addrstring}>`;
  const [name, addr] = parseaddr(addrstring);
  if (name === "" && addr === "") {
    if (addrstring.trim().startsWith("<")) return addrstring;
    return `<${addrstring}>`;
  }
  return `<${addr}>`;
}

/**
 * checkAddress throws ValueError when an address holds CR, LF or NUL. Python's parser drops
 * what follows a line break ("a@x\r\nRCPT TO:<b@y>" is sent as <a@x>); inetlib refuses the
 * address instead, before anything is sent.
 */
export function checkAddress(address: string): string {
  if (/[\r\n]/.test(address))
    throw new ValueError(`address contains prohibited newline characters: ${JSON.stringify(address)}`);
  if (address.includes("\0"))
    throw new ValueError(`address contains prohibited NUL characters: ${JSON.stringify(address)}`);
  return address;
}

/** _addr_only returns the bare address for VRFY and EXPN, or `addrstring` when it cannot be parsed. */
export function _addr_only(addrstring: string): string {
  if (isPlainAddress(addrstring)) return addrstring;
  const [name, addr] = parseaddr(addrstring);
  if (name === "" && addr === "") return addrstring;
  return addr;
}
