// An interactive session: telnetlib's interact() on this terminal. Type commands; "exit" ends
// the session, as does end of input (Ctrl-D). Piped input works too, and then the output is
// read to the end:
//
//   tsx examples/telnet/interactive.ts                 logged in to an in-process server
//   echo whoami | tsx examples/telnet/interactive.ts
//   tsx examples/telnet/interactive.ts HOST [PORT]     a real server (answer its login prompt yourself)
//
// No option handler here: as in Python, every option is refused, so the server does not echo
// and the terminal's own line editing and echo are what you type with.
import { Telnet } from "@inetlib/telnet";
import { TelnetServer } from "@inetlib/testing";

const [host, port] = process.argv.slice(2);
const server = host ? null : await TelnetServer.open();

try {
  await using tn = await Telnet.open(host ?? "127.0.0.1", Number(port ?? server?.port ?? 23));
  if (server) {
    await tn.login("inetlib", "inetlib-pass");
    console.log("Logged in as inetlib; try whoami, ls, cat notes.txt, exit.");
    await tn.write(Buffer.from("\n"));
  }
  // From a pipe, the answers to the last lines are still worth waiting for.
  await tn.interact({ waitForClose: !process.stdin.isTTY });
} finally {
  await server?.close();
}
