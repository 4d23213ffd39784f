// Before measuring: which daemons answer, and which tools are there.
import { execFileSync } from "node:child_process";
import net from "node:net";

/** answers tells whether something accepts TCP connections on 127.0.0.1:port within a second. */
export function answers(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port, timeout: 1000 });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.once("connect", () => done(true));
    sock.once("timeout", () => done(false));
    sock.once("error", () => done(false));
  });
}

/** version runs `cmd args` and returns the first line it prints, or null when it cannot run. */
export function version(cmd: string, args: string[]): string | null {
  try {
    const out = execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
    return out.toString("utf8").split("\n")[0]!.trim();
  } catch {
    return null;
  }
}
