// Log in and run commands: the classic telnetlib script (read_until "login: ", write the name,
// read_until "Password: ", ...) as login() and run(), with real option negotiation: the server
// learns our terminal type, window size and user name.
//
//   tsx examples/telnet/login-run.ts                          against an in-process server
//   tsx examples/telnet/login-run.ts HOST PORT USER PASSWORD  against a real one
import {
  EchoHandler,
  NewEnvironHandler,
  SuppressGoAheadHandler,
  Telnet,
  TerminalTypeHandler,
  WindowSizeHandler,
} from "@inetlib/telnet";
import { TelnetServer } from "@inetlib/testing";

const [host, port, user = "inetlib", password = "inetlib-pass"] = process.argv.slice(2);
const server = host ? null : await TelnetServer.open();

try {
  await using tn = await Telnet.open(host ?? "127.0.0.1", Number(port ?? server?.port), {
    timeout: 10,
    handlers: [
      new EchoHandler(),
      new SuppressGoAheadHandler(),
      new TerminalTypeHandler("XTERM"),
      new WindowSizeHandler(80, 24),
      new NewEnvironHandler({ USER: user }),
    ],
  });
  const motd = await tn.login(user, password);
  console.log(motd.trim());
  for (const command of ["whoami", "echo $TERM", "stty size", "ls"]) {
    console.log(`$ ${command}`);
    process.stdout.write(await tn.run(command));
  }
  process.stdout.write(await tn.run("exit"));
  if (server) {
    const conn = server.connections[0]!;
    console.log(`(the server saw terminal ${conn.terminalTypes[0]}, window ${conn.windowSize?.join("x")})`);
  }
} finally {
  await server?.close();
}
