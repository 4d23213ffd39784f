// RETR of a large file over loopback against an FTPServer in a process of its own
// (bench/server.ts), client side measured. Not a test: it prints measurements.
//
//	node_modules/.bin/tsx packages/ftp/bench/retr.ts [MiB=1024] [--tls] [--active] [--runs=5]
//
// Each run measures, in turn: retrbinary() with 1 MiB blocks; iterbinary(); Node's own
// net.Socket 'data' events on the same kind of data connection (the ceiling for any client
// on node:net); and CPython's ftplib.retrbinary(blocksize=1 MiB) when python3 is on PATH.
// The medians are printed, so that a busy machine skews all of them alike.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { FTP, FTP_TLS } from "@inetlib/ftp";
import { create_default_context } from "@inetlib/socket";
import { ftpTestCA } from "@inetlib/testing";

const args = process.argv.slice(2);
const mib = Number(args.find((a) => /^\d+$/.test(a)) ?? 1024);
const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 5);
const tls = args.includes("--tls");
const active = args.includes("--active");
const size = mib * 1024 * 1024;
const BLOCK = 1 << 20;

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const child = spawn(tsx, [fileURLToPath(new URL("./server.ts", import.meta.url)), String(size)], {
  stdio: ["pipe", "pipe", "inherit"],
});
const [first] = (await once(child.stdout, "data")) as [Buffer];
const port = Number(first.toString().trim());

const options = { port, timeout: 60 };
const ftp = tls
  ? await FTP_TLS.open("127.0.0.1", "user", "pass", "", {
      ...options,
      context: create_default_context({ cafile: ftpTestCA }),
    })
  : await FTP.open("127.0.0.1", "user", "pass", "", options);
if (ftp instanceof FTP_TLS) await ftp.prot_p();
ftp.set_pasv(!active);

/** Throughput in GB/s, and the client's CPU seconds per GiB (steadier than time on a busy machine). */
async function timed(fn: () => Promise<number>): Promise<[number, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const got = await fn();
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (got !== size) throw new Error(`got ${got} of ${size} bytes`);
  return [size / s / 1e9, (c.user + c.system) / 1e6 / (size / 2 ** 30)];
}

const clients: [string, () => Promise<number>][] = [
  [
    "retrbinary(blocksize=1 MiB)",
    async () => {
      let got = 0;
      await ftp.retrbinary(
        "RETR big.bin",
        (block) => {
          got += block.length;
        },
        BLOCK,
      );
      return got;
    },
  ],
  [
    "iterbinary({ blocksize: 1 MiB })",
    async () => {
      let got = 0;
      for await (const block of ftp.iterbinary("RETR big.bin", { blocksize: BLOCK })) got += block.length;
      return got;
    },
  ],
  [
    "node:net 'data' events (ceiling)",
    async () => {
      // The data connection made with node:net alone, every chunk counted as it arrives.
      await ftp.voidcmd("TYPE I");
      const [host, dataPort] = await ftp.makepasv();
      const stream = net.connect({ host, port: dataPort });
      await once(stream, "connect");
      let got = 0;
      stream.on("data", (chunk: Buffer) => {
        got += chunk.length;
      });
      const ended = once(stream, "end");
      await ftp.sendcmd("RETR big.bin");
      await ended;
      stream.destroy();
      await ftp.voidresp();
      return got;
    },
  ],
];

const python = tls || active ? null : await pythonBench();
const results = new Map<string, [number, number][]>();
for (let run = 0; run < runs; run++) {
  for (const [name, fn] of clients) {
    const list = results.get(name) ?? [];
    list.push(await timed(fn));
    results.set(name, list);
  }
  if (python) {
    const list = results.get("CPython ftplib.retrbinary") ?? [];
    list.push(await python());
    results.set("CPython ftplib.retrbinary", list);
  }
}
await ftp.quit();
child.stdin.end();
await once(child, "exit");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `RETR ${mib} MiB${tls ? " over TLS" : ""}, ${active ? "active" : "passive"}, median of ${runs} runs:`,
);
console.log(`  ${"client".padEnd(36)} ${"GB/s".padStart(6)}  ${"CPU s/GiB".padStart(9)}  (each run's GB/s)`);
for (const [name, xs] of results) {
  const speed = median(xs.map(([v]) => v)).toFixed(2);
  const cpu = median(xs.map(([, c]) => c)).toFixed(3);
  console.log(
    `  ${name.padEnd(36)} ${speed.padStart(6)}  ${cpu.padStart(9)}  (${xs.map(([v]) => v.toFixed(2)).join(" ")})`,
  );
}

async function pythonBench(): Promise<(() => Promise<[number, number]>) | null> {
  const run = promisify(execFile);
  const code = [
    "import ftplib, sys, time",
    "f = ftplib.FTP(); f.connect('127.0.0.1', int(sys.argv[1]), timeout=60); f.login('user', 'pass')",
    "n = [0]",
    "t = time.perf_counter(); c = time.process_time()",
    "f.retrbinary('RETR big.bin', lambda b: n.__setitem__(0, n[0] + len(b)), 1 << 20)",
    "s = time.perf_counter() - t; c = time.process_time() - c; f.quit(); print(n[0], s, c)",
  ].join("\n");
  try {
    await run("python3", ["-c", "import ftplib"]);
  } catch {
    return null;
  }
  return async () => {
    const { stdout } = await run("python3", ["-c", code, String(port)]);
    const [n, s, c] = stdout.trim().split(" ").map(Number) as [number, number, number];
    if (n !== size) throw new Error(`python got ${n} of ${size} bytes`);
    return [size / s / 1e9, c / (size / 2 ** 30)] as [number, number];
  };
}
