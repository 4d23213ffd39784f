// getservbyname()/getservbyport(): the services database. /etc/services where the system has
// one (read once), else the built-in table below in the same format, so the two never disagree
// on how entries are matched: the first line that fits wins, as in glibc.
import { readFileSync } from "node:fs";
import { OSError } from "./errors.js";
import { OverflowError } from "./inet.js";

/** BUILTIN_SERVICES is the table used where /etc/services is missing, in its format (IANA ports). */
export const BUILTIN_SERVICES = `
tcpmux		1/tcp
echo		7/tcp
echo		7/udp
discard		9/tcp		sink null
discard		9/udp		sink null
daytime		13/tcp
daytime		13/udp
ftp-data	20/tcp
ftp		21/tcp
ssh		22/tcp
telnet		23/tcp
lmtp		24/tcp
smtp		25/tcp		mail
time		37/tcp		timserver
time		37/udp		timserver
whois		43/tcp		nicname
domain		53/tcp
domain		53/udp
tftp		69/udp
gopher		70/tcp
finger		79/tcp
http		80/tcp		www
pop3		110/tcp		pop-3
sunrpc		111/tcp		portmapper
sunrpc		111/udp		portmapper
nntp		119/tcp		readnews untp
ntp		123/udp
imap2		143/tcp		imap
snmp		161/udp
ldap		389/tcp
https		443/tcp
https		443/udp
submissions	465/tcp		ssmtp smtps
nntps		563/tcp		snntp
submission	587/tcp
ldaps		636/tcp
rsync		873/tcp
ftps-data	989/tcp
ftps		990/tcp
imaps		993/tcp
pop3s		995/tcp
sieve		4190/tcp
`;

interface Entry {
  name: string;
  port: number;
  proto: string;
  aliases: string[];
}

/** parseServices reads the services(5) format: "name port/proto [aliases...] [# comment]". */
export function parseServices(text: string): Entry[] {
  const out: Entry[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^(\d+)\/(\S+)$/.exec(portProto ?? "");
    if (!name || !m) continue;
    const port = Number(m[1]);
    if (port > 65535) continue;
    out.push({ name, port, proto: m[2]!, aliases });
  }
  return out;
}

let table: Entry[] | null = null;

function services(): Entry[] {
  if (table === null) {
    let text: string;
    try {
      text = readFileSync("/etc/services", "utf8");
    } catch {
      text = BUILTIN_SERVICES;
    }
    table = parseServices(text);
  }
  return table;
}

/** Internal (tests): use `text` as the services database, or null to read the system's again. */
export function _setServices(text: string | null): void {
  table = text === null ? null : parseServices(text);
}

/** getservbyname(servicename[, protocolname]) -> port. Aliases count; the first match wins. */
export function getservbyname(servicename: string, protocolname?: string): number {
  for (const e of services()) {
    if (protocolname !== undefined && e.proto !== protocolname) continue;
    if (e.name === servicename || e.aliases.includes(servicename)) return e.port;
  }
  throw new OSError(null, "service/proto not found");
}

/** getservbyport(port[, protocolname]) -> service name. */
export function getservbyport(port: number, protocolname?: string): string {
  if (!Number.isInteger(port)) throw new TypeError("'float' object cannot be interpreted as an integer");
  if (port < 0 || port > 65535) throw new OverflowError("getservbyport: port must be 0-65535.");
  for (const e of services()) {
    if (e.port === port && (protocolname === undefined || e.proto === protocolname)) return e.name;
  }
  throw new OSError(null, "port/proto not found");
}
