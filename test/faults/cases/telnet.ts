// Telnet (telnetlib) against hostile servers.
import { Telnet } from "@inetlib/telnet";
import { type Case, sleep } from "../case.js";
import { HOST } from "./common.js";

const IAC = 255;
const SB = 250;
const DO = 253;
const open = (port: number) => Telnet.open(HOST, port, { timeout: 3 });
const until = async (port: number) => (await (await open(port)).read_until(Buffer.from("$ "), 20)).length;

export const telnet: Case[] = [
  {
    name: "telnet: data that never matches read_until",
    server: (c) => c.flood("no prompt here "),
    client: until,
    expect: "ResponseTooLarge",
  },
  {
    name: "telnet: data that never matches expect",
    server: (c) => c.flood("no prompt here "),
    client: async (port) => (await (await open(port)).expect([/\$ $/], 20))[0],
    expect: "ResponseTooLarge",
    // expect() runs its patterns over the whole queue (up to MAX_READ, 1 MiB) at each arrival,
    // as Python's does: copies of the queue come and go until the bound trips (73 MiB seen).
    watchdog: 30,
  },
  {
    name: "telnet: SB without SE",
    server: async (c) => {
      await c.send(Buffer.from([IAC, SB, 24]));
      await c.flood("subnegotiation that never ends ");
    },
    client: async (port) => (await (await open(port)).read_until(Buffer.from("$ "), 3)).length,
    expect: "ok",
    result: "0",
    // Tens of MB parsed in 3 s, the subnegotiation cut at its bound: the heap the collector has
    // not yet reclaimed (107-131 MiB seen), not bytes kept (the result is empty).
    rssMargin: 96,
  },
  {
    name: "telnet: IAC flood",
    server: (c) => {
      c.discardInput();
      return c.flood(Buffer.from([IAC, DO, 1, IAC, 241]));
    },
    // Every DO ECHO is refused (RFC 1143) and every NOP dropped: no data, so read_until's own
    // timeout ends the read with what came, nothing.
    client: async (port) => (await (await open(port)).read_until(Buffer.from("$ "), 3)).length,
    expect: "ok",
    result: "0",
    // Some 30 MB of commands parsed and answered in 3 s: the heap the collector has not yet
    // reclaimed, not bytes kept (nothing is queued: the result is empty).
    rssMargin: 96,
  },
  {
    name: "telnet: IAC flood that never reads our refusals",
    server: (c) => c.flood(Buffer.from([IAC, DO, 1, IAC, 241])),
    // The refusals fill the socket's send buffer: the write waits out the socket's timeout and
    // raises it, as Python's sendall() raises socket.timeout; memory stays bounded meanwhile.
    client: async (port) => (await (await open(port)).read_until(Buffer.from("$ "), 30)).length,
    expect: "TimeoutError",
  },
  {
    name: "telnet: reset mid-read",
    server: async (c) => {
      await c.send("login: ");
      await sleep(50);
      await c.reset();
    },
    client: async (port) => (await (await open(port)).read_until(Buffer.from("$ "))).length,
    expect: "ConnectionResetError",
  },
  {
    name: "telnet: silent server",
    server: async () => {},
    client: async (port) => (await (await open(port)).read_until(Buffer.from("$ "))).length,
    expect: "TimeoutError",
  },
];
