// What every gopher example runs against: the gopher:// URL given on the command line, or else
// the in-memory gopher hole of @inetlib/testing, started on a free loopback port for the run.
import { fileURLToPath } from "node:url";
import { demoHole, GopherServer } from "@inetlib/testing";

export type Log = (...args: unknown[]) => void;

/** An example: given the URL of a gopher server's root and a log, it does its job and returns what it found. */
export type GopherExample<T> = (root: string, log: Log) => Promise<T>;

/** withHole runs `example` against `url`, or against a fresh in-memory hole when url is undefined. */
export async function withHole<T>(example: GopherExample<T>, log: Log, url?: string): Promise<T> {
  if (url) return example(url, log);
  await using server = await GopherServer.start(demoHole());
  return await example(server.url("1", ""), log);
}

/** runIfMain runs an example as a program: `tsx examples/gopher/FILE.ts [gopher://host[:port]/]`. */
export async function runIfMain<T>(moduleUrl: string, example: GopherExample<T>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  await withHole(example, (...args) => console.log(...args), process.argv[2]);
}
