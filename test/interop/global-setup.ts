import { access } from "node:fs/promises";
import net from "node:net";
import { host, paths, ports } from "./env.js";

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(2000);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(false));
  });
}

/** Fail fast, with a hint, when the daemons are not up. */
export default async function setup(): Promise<void> {
  try {
    await access(paths.ca);
  } catch {
    throw new Error(`${paths.ca} is missing: start the daemons with 'bash test/daemons/up.sh' (as root)`);
  }
  const closed: string[] = [];
  await Promise.all(
    Object.entries(ports).map(async ([name, port]) => {
      if (!(await portOpen(port))) closed.push(`${name} (${port})`);
    }),
  );
  if (closed.length > 0) {
    throw new Error(
      `interop daemons not listening: ${closed.sort().join(", ")}; run 'bash test/daemons/up.sh'`,
    );
  }
}
