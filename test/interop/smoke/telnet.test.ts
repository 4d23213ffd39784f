import { afterEach, describe, it } from "vitest";
import { ports, users } from "../env.js";
import { TelnetConn } from "../helpers.js";

const open: TelnetConn[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe("inetutils telnetd", () => {
  it("shows a real login prompt and logs the test user in", async () => {
    const c = await TelnetConn.dial(ports.telnetLogin);
    open.push(c);
    // Anything typed before the prompt is discarded: wait for it.
    await c.expect(/login: $/);
    c.sendLine(users.system.user);
    await c.expect(/Password: ?$/);
    c.sendLine(users.system.password);
    await c.expect(/\$ $/);
    c.sendLine("echo MARK-$((40+2))");
    await c.expect(/MARK-42/);
    c.sendLine("exit");
  });

  it("rejects a wrong password", async () => {
    const c = await TelnetConn.dial(ports.telnetLogin);
    open.push(c);
    await c.expect(/login: $/);
    c.sendLine(users.system.user);
    await c.expect(/Password: ?$/);
    c.sendLine("wrong-password");
    await c.expect(/Login incorrect/, 15_000);
  });

  it("runs the fixed program on the second port", async () => {
    const c = await TelnetConn.dial(ports.telnetProgram);
    open.push(c);
    await c.expect(/inetlib telnet test program/);
    await c.expect(/cmd> $/);
    c.sendLine("hello world");
    await c.expect(/HELLO WORLD\r\ncmd> $/);
    c.sendLine("quit");
    await c.expect(/bye/);
  });
});
