// How connections talk to undici and to Node: origin strings, timeouts in milliseconds, the
// Host field's text, descriptors, and undici's refusals as Python's ValueError.
import type net from "node:net";
import { domainToASCII } from "node:url";
import { getdefaulttimeout, ValueError } from "@inetlib/socket";
import { translateError } from "./translate.js";

/** originOf is the origin undici's Client is made for. */
export function originOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host.split("%")[0]}]` : host}:${port}`;
}

/** timeoutMs is Python's timeout (seconds; null blocks; undefined the default) in undici's terms (ms; 0 never). */
export function timeoutMs(timeout: number | null | undefined): number {
  const t = timeout === undefined ? getdefaulttimeout() : timeout;
  return t === null ? 0 : Math.max(1, Math.round(t * 1000));
}

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

/** refusal is undici's refusal of what Python would have sent, as ValueError. */
export function refusal(err: Error): Error {
  const code = (err as { code?: string }).code;
  if (code === "UND_ERR_INVALID_ARG" || code === "UND_ERR_NOT_SUPPORTED")
    return new ValueError(`undici refuses the request: ${err.message}`, { cause: err });
  return translateError(err, true);
}
