// `pnpm demo`: the protocol tour (examples/tour.ts), then every seed example, server and client
// together on loopback, with their output.
//
//   pnpm demo            the tour, then the seed examples
//   pnpm demo --tour     the tour only            pnpm demo --seed   the seed examples only
//   pnpm demo --real     the tour against the daemons of `pnpm test:interop`
import { consoleLog, type Example } from "./seed/cli.js";
import { echoUpper } from "./seed/echo-upper.js";
import { eventDriven } from "./seed/event-driven.js";
import { fileDownload, withScratch } from "./seed/file-download.js";
import { hello } from "./seed/hello.js";
import { remoteCommand } from "./seed/remote-command.js";
import { timestampSocketserver } from "./seed/timestamp-socketserver.js";
import { timestampTcp } from "./seed/timestamp-tcp.js";
import { timestampUdp } from "./seed/timestamp-udp.js";
import { tour } from "./tour.js";

const args = process.argv.slice(2).filter((a) => a !== "--");
const real = args.includes("--real");
if (!args.includes("--seed")) {
  const results = await tour(args);
  if (!results.every((r) => r.ok)) process.exitCode = 1;
}
if (args.includes("--seed") || (!args.includes("--tour") && !real)) await seeds();

async function seeds(): Promise<void> {
  const examples: [string, string, Example][] = [
    ["hello", "the server greets each client", hello],
    ["echo-upper", "communication loop inside a connection loop", echoUpper],
    ["timestamp-tcp", "time-stamp server over TCP", timestampTcp],
    ["timestamp-udp", "time-stamp server over UDP", timestampUdp],
    ["timestamp-socketserver", "the same server on socketserver", timestampSocketserver],
    ["event-driven", "Twisted-style protocol, clients served at once", eventDriven],
    ["remote-command", "length-prefixed framing against sticky packets", remoteCommand],
  ];

  const started = Date.now();
  console.log("\nThe seed examples (examples/seed): the tutorials' classic socket programs.");
  for (const [name, what, example] of examples) {
    console.log(`\n--- ${name}: ${what} (examples/seed/${name}.ts)`);
    await runOne(example);
  }
  // file-download serves a 3 MiB sample file: made for the run, removed after it
  await withScratch(async (sample, saveDir) => {
    console.log("\n--- file-download: a file with a size header (examples/seed/file-download.ts)");
    await runOne(fileDownload(sample, saveDir));
  });
  console.log(`\n${examples.length + 1} examples ran in ${((Date.now() - started) / 1000).toFixed(2)} s.`);
}

async function runOne(example: Example): Promise<void> {
  const server = await example.server(0, (...args) => consoleLog("  server:", ...args));
  try {
    await example.client(server.port, (...args) => consoleLog("  client:", ...args));
  } finally {
    await server.stop();
  }
}
