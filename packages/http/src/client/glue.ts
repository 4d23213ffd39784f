// Small pieces the connection needs from Node: the Host field's text and descriptors.
import type net from "node:net";
import { domainToASCII } from "node:url";

/** fdOf is a Node socket's descriptor, -1 when it has none. */
export function fdOf(stream: net.Socket | null): number {
  const fd = (stream as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd;
  return typeof fd === "number" ? fd : -1;
}

/** asciiHost is a host name as Python encodes it for Host: ASCII as is, else IDNA. */
export function asciiHost(host: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range check
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  return domainToASCII(host) || host;
}

/** stripIPv6Zone drops the %zone of a bracketed IPv6 address (_strip_ipv6_iface). */
export function stripIPv6Zone(host: string): string {
  const i = host.indexOf("%");
  return i >= 0 && host.startsWith("[") ? `${host.slice(0, i)}]` : host;
}
