// Every seed example, run as its users run it (a program started with tsx) and in-process with
// its results checked.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Example, Log } from "./cli.js";
import { echoUpper } from "./echo-upper.js";
import { eventDriven } from "./event-driven.js";
import { fileDownload, makeSampleFile, withScratch } from "./file-download.js";
import { hello } from "./hello.js";
import { remoteCommand } from "./remote-command.js";
import { timestampSocketserver } from "./timestamp-socketserver.js";
import { timestampTcp } from "./timestamp-tcp.js";
import { timestampUdp } from "./timestamp-udp.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");
const STAMP = /^\[(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] /;

async function runBoth(example: Example): Promise<{ result: unknown; server: string[]; client: string[] }> {
  const server: string[] = [];
  const client: string[] = [];
  const capture =
    (into: string[]): Log =>
    (...args) =>
      into.push(args.map((a) => (Array.isArray(a) ? `(${a.join(", ")})` : String(a))).join(" "));
  const srv = await example.server(0, capture(server));
  try {
    return { result: await example.client(srv.port, capture(client)), server, client };
  } finally {
    await srv.stop();
  }
}

describe("seed examples in-process", () => {
  it("hello: the greeting arrives and the server logs the client address", async () => {
    const { result, server } = await runBoth(hello);
    expect((result as Buffer).toString()).toBe("Thank you for connecting");
    expect(server[0]).toMatch(/^Got connection from \(127\.0\.0\.1, \d+\)$/);
  });

  it("echo-upper: two clients in turn, each message uppercased", async () => {
    const { result, server } = await runBoth(echoUpper);
    expect(result).toEqual(["HELLO", "SOCKET WORLD", "SECOND CLIENT", "BYE"]);
    expect(server.filter((l) => l.startsWith("connected by"))).toHaveLength(2);
  });

  it("timestamp over TCP, UDP and socketserver", async () => {
    for (const [example, inputs] of [
      [timestampTcp, ["hello", "what time is it?"]],
      [timestampUdp, ["hello", "udp time"]],
      [timestampSocketserver, ["first line", "second line"]],
    ] as const) {
      const { result } = await runBoth(example);
      const replies = result as string[];
      expect(replies).toHaveLength(inputs.length);
      replies.forEach((r, i) => {
        expect(r).toMatch(STAMP);
        expect(r.replace(STAMP, "")).toBe(inputs[i]);
      });
    }
  });

  it("event-driven: concurrent clients each get their own stamped reply", async () => {
    const { result, server } = await runBoth(eventDriven);
    expect((result as string[]).map((r) => r.replace(STAMP, ""))).toEqual(["alpha", "beta", "gamma"]);
    expect(server.filter((l) => l.startsWith("...connected from:"))).toHaveLength(3);
  });

  it("remote-command: back-to-back replies keep their boundaries", async () => {
    const { result } = await runBoth(remoteCommand);
    const [first, second] = result as Buffer[];
    expect(first!.toString()).toBe("hello from the server\n");
    const lines = second!.toString().trimEnd().split("\n");
    expect(lines).toHaveLength(20000);
    expect(lines[19999]).toBe("20000");
  });

  it("file-download: the saved file equals the served one", async () => {
    const source = await makeSampleFile(1 << 20);
    const dir = await mkdtemp(join(tmpdir(), "inetlib-save-"));
    try {
      const { result } = await runBoth(fileDownload(source, dir));
      expect(await readFile(result as string)).toEqual(await readFile(source));
    } finally {
      await rm(dirname(source), { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("file-download: the demo's scratch files are removed after the run", async () => {
    let kept: string[] = [];
    await withScratch(async (sample, saveDir) => {
      await runBoth(fileDownload(sample, saveDir));
      kept = [sample, join(saveDir, basename(sample))];
      expect(existsSync(kept[1]!)).toBe(true);
    });
    expect(kept.filter((f) => existsSync(f))).toEqual([]);
  });
});

describe("seed examples as programs", () => {
  const run = async (file: string) =>
    (await exec(tsx, [join(import.meta.dirname, file)], { timeout: 30_000 })).stdout;

  it.each([
    ["hello.ts", /\[client\] b'Thank you for connecting'/],
    ["echo-upper.ts", /\[client\] sent socket world got SOCKET WORLD/],
    ["timestamp-tcp.ts", /\[client\] \[.+\] what time is it\?/],
    ["timestamp-udp.ts", /\[client\] \[.+\] udp time/],
    ["timestamp-socketserver.ts", /\[client\] \[.+\] second line/],
    ["event-driven.ts", /\[client\] \[.+\] gamma/],
    ["remote-command.ts", /-> 108894 bytes, first line: 1/],
    ["file-download.ts", /sha256 matches/],
  ])("%s", async (file, expected) => {
    expect(await run(file)).toMatch(expected);
  });
});
