// Gopher against hostile servers.
import { Gopher } from "@inetlib/gopher";
import { type Case, sleep } from "../case.js";
import { HOST, LONG, T } from "./common.js";

const menu = async (port: number) => {
  const g = new Gopher(HOST, port, { timeout: T });
  return (await g.menu("")).items.length;
};

export const gopher: Case[] = [
  {
    name: "gopher: a menu without end",
    server: async (c) => {
      await c.line();
      await c.flood("1Dir\t/d\tlocalhost\t70\r\n");
    },
    client: menu,
    expect: "ResponseTooLarge",
    // MAX_MENU_LINES (100,000) parsed items are held when the bound trips.
    rssMargin: 96,
  },
  {
    name: "gopher: overlong line",
    server: async (c) => {
      await c.line();
      await c.send(`1${LONG}`);
    },
    client: menu,
    expect: "LineTooLong",
  },
  {
    name: "gopher: reset mid-menu",
    server: async (c) => {
      await c.line();
      await c.send("1Dir\t/d\tlocalhost\t70\r\n1Di");
      await sleep(50);
      await c.reset();
    },
    client: menu,
    expect: "ConnectionResetError",
  },
  { name: "gopher: silent server", server: async () => {}, client: menu, expect: "TimeoutError" },
  {
    name: "gopher: slow trickle",
    server: async (c) => {
      await c.line();
      await c.trickle("1Dir\t/d");
    },
    client: menu,
    expect: "TimeoutError",
    watchdog: 12,
  },
];
