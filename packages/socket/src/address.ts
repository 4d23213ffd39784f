// Socket addresses as Python writes them, and the checks Python makes on them.
import type net from "node:net";
import { AF_INET6, AF_UNIX } from "./constants.js";
import { OverflowError } from "./inet.js";

/** A socket address as Python writes it: [host, port] (AF_INET), [host, port, flowinfo, scope_id] (AF_INET6), or a path (AF_UNIX). */
export type Address = string | readonly [host: string, port: number, flowinfo?: number, scope_id?: number];
/** The address form Python returns: tuples become arrays; AF_INET6 always has four members. */
export type AddressInfo = string | [string, number] | [string, number, number, number];

/** hostPort checks an AF_INET/AF_INET6 address; `call` names the method in the port error, as Python does. */
export function hostPort(family: number, address: Address, call: string): [string, number] {
  if (typeof address === "string" || !Array.isArray(address) || address.length < 2)
    throw new TypeError(
      `${family === AF_INET6 ? "AF_INET6" : "AF_INET"} address must be a tuple (host, port)`,
    );
  const [host, port] = address;
  if (typeof host !== "string") throw new TypeError(`str, bytes or bytearray expected, not ${typeof host}`);
  if (!Number.isInteger(port)) throw new TypeError("'float' object cannot be interpreted as an integer");
  if (port < 0 || port > 65535) throw new OverflowError(`${call}(): port must be 0-65535.`);
  return [host, port];
}

/** unixPath checks an AF_UNIX address. */
export function unixPath(address: Address): string {
  if (typeof address !== "string") throw new TypeError("AF_UNIX address must be a path string");
  return address;
}

/** formatAddress gives an address as Python returns it; IPv4 never shows Node's "::ffff:" form. */
export function formatAddress(family: number, host: string, port: number): AddressInfo {
  if (family === AF_INET6) return [host, port, 0, 0];
  return [host.startsWith("::ffff:") ? host.slice(7) : host, port];
}

/** wildcard is the "any" address of a family: what "" means in bind(). */
export function wildcard(family: number): string {
  return family === AF_INET6 ? "::" : "0.0.0.0";
}

/** listenTarget turns bind()'s address into net.Server listen() options. */
export function listenTarget(family: number, address: Address, extra: net.ListenOptions): net.ListenOptions {
  if (family === AF_UNIX) return { path: unixPath(address), exclusive: true };
  const [host, port] = hostPort(family, address, "bind");
  return { host: host === "" ? wildcard(family) : host, port, exclusive: true, ...extra };
}
