import { afterEach, describe, expect, it } from "vitest";
import { ports, users } from "../env.js";
import { TelnetConn } from "./telnet-conn.js";

const open: TelnetConn[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("inetutils telnetd", () => {
  it("shows a real login prompt and logs the test user in", async () => {
    const c = await TelnetConn.dial(ports.telnetLogin);
    open.push(c);
    // Anything typed before the prompt is discarded: wait for it.
    await c.expect(/login: $/);
    await c.sendLine(users.system.user);
    await c.expect(/Password: ?$/);
    await c.sendLine(users.system.password);
    await c.expect(/\$ $/);
    await c.sendLine("echo MARK-$((40+2))");
    await c.expect(/MARK-42/);
    await c.sendLine("exit");
  });

  it("rejects a wrong password", async () => {
    const c = await TelnetConn.dial(ports.telnetLogin);
    open.push(c);
    await c.expect(/login: $/);
    await c.sendLine(users.system.user);
    await c.expect(/Password: ?$/);
    await c.sendLine("wrong-password");
    await c.expect(/Login incorrect/, 15);
  });

  it("runs the fixed program on the second port", async () => {
    const c = await TelnetConn.dial(ports.telnetProgram);
    open.push(c);
    await c.expect(/inetlib telnet test program/);
    await c.expect(/cmd> $/);
    await c.sendLine("hello world");
    await c.expect(/HELLO WORLD\r\ncmd> $/);
    await c.sendLine("quit");
    // "bye", or the connection ends first (telnetd's race, as for Python's telnetlib); either
    // way it must end: a program still running would time out here.
    await c.expectOrEnd(/bye/);
    expect(await c.expectOrEnd(/(?!)/)).toBeNull();
  });
});
