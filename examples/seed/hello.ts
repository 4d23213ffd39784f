// The tutorials' first program: the server greets each client with "Thank you for connecting".
import { AF_INET, SOCK_STREAM, socket } from "@inetlib/socket";
import { type Example, runIfMain } from "./cli.js";
import { acceptLoop } from "./loop.js";

export const hello: Example = {
  async server(port, log) {
    const s = new socket(AF_INET, SOCK_STREAM);
    await s.bind(["127.0.0.1", port]);
    await s.listen(5);
    return acceptLoop(s, async (c, addr) => {
      log("Got connection from", addr);
      await c.send(Buffer.from("Thank you for connecting"));
      await c.close();
    });
  },
  async client(port, log) {
    await using s = new socket(AF_INET, SOCK_STREAM);
    await s.connect(["127.0.0.1", port]);
    const data = await s.recv(1024);
    log(data);
    return data;
  },
};

await runIfMain(import.meta.url, hello);
