// The telnet step: a login, then one command and its output.
import { Telnet } from "@inetlib/telnet";
import type { TourStep } from "../types.js";

/** telnetStep logs in and runs the target's command. */
export const telnetStep: TourStep = {
  name: "telnet",
  title: "telnet: a login and a command (@inetlib/telnet, Python's telnetlib)",
  async run(t, show) {
    const { host, port, user, password, command } = t.telnet;
    show.call(`await Telnet.open(${JSON.stringify(host)}, ${port})`);
    await using tn = await Telnet.open(host, port, {
      timeout: show.timeout,
      ...(show.signal ? { signal: show.signal } : {}),
    });
    show.call(`await tn.login(${JSON.stringify(user)}, "****")   // answers the login and password prompts`);
    const banner = await tn.login(user, password);
    show.result(banner.replace(/^\s*\n/, "") || "(no banner)");
    show.call(`await tn.run(${JSON.stringify(command)})`);
    show.result(await tn.run(command));
    await tn.write(Buffer.from("exit\r\n"));
    show.cli(`inetlib telnet --user ${user} -c ${JSON.stringify(command)} ${host} ${port}`);
  },
};
