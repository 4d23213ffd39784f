// How a workload's clients are written down: a bundled Node program, a Python script or a curl
// configuration, each given the same parameters; and the targets the ratios are held to.
import { join } from "node:path";
import { seeded } from "../../test/interop/env.js";
import { buildDir } from "./build.js";
import type { ClientKind, ClientSpec, Target } from "./model.js";
import { benchDir } from "./paths.js";
import { GIB, type TempDir } from "./scratch.js";
import { CURL_WRITE_OUT } from "./spawn.js";

/** Every bulk client reads and writes 1 MiB at a time. */
export const BLOCK = 1 << 20;
export const PY = join(benchDir, "clients", "python");

/** Issue 16's bulk targets: at least curl's and Python's throughput. */
export const BULK_TARGETS: Target[] = [
  { versus: "curl", atLeast: 1 },
  { versus: "python", atLeast: 1 },
];

/**
 * chatty is issue 16's targets for a chatty workload: the sequential Python-named call at least
 * `sequential` times Python's speed, inetlib's best form at least `best` times, and every form
 * at least the Node peer's.
 */
export function chatty(sequential: number, best?: number): Target[] {
  return [
    { versus: "python", atLeast: sequential, form: "sequential" },
    ...(best === undefined ? [] : [{ versus: "python" as const, atLeast: best, form: "best" as const }]),
    { versus: "node", atLeast: 1 },
  ];
}

export function node(id: string, label: string, kind: ClientKind, program: string, p: object): ClientSpec {
  return {
    id,
    label,
    kind,
    program,
    format: "json",
    argv: [process.execPath, join(buildDir, `${program}.mjs`), JSON.stringify(p)],
  };
}

export function python(label: string, script: string, p: object, kind: ClientKind = "python"): ClientSpec {
  return {
    id: kind === "raw" ? "python-raw" : "python",
    label,
    kind,
    format: "json",
    argv: ["python3", join(PY, script), JSON.stringify(p)],
  };
}

/** curl runs every transfer of a configuration file on one connection where it can (it reuses connections). */
export function curl(tmp: TempDir, name: string, config: string[], extra: string[] = []): ClientSpec {
  const file = tmp.write(`${name}.curlrc`, `${config.join("\n")}\n`);
  return {
    id: "curl",
    label: "curl",
    kind: "curl",
    format: "curl",
    argv: ["curl", "-sS", ...extra, "--config", file, "--write-out", CURL_WRITE_OUT],
  };
}

export const q = (s: string): string => JSON.stringify(s);
export const fetchTo = (url: string): string[] => [`url = ${q(url)}`, `output = "/dev/null"`];

/**
 * raw is the loopback limit a bulk transfer is held against: a bare node:net sender process and
 * reader. The reader given to bulk workloads reads with `onread` into one reused buffer, the
 * fastest a Node reader goes; the reference rows also show the 'data'-event reader.
 */
export function raw(bytes: number, reader: "onread" | "data" = "onread"): ClientSpec {
  const label = reader === "onread" ? "node:net pair, onread (raw TCP)" : "node:net pair, 'data' events";
  return node(reader === "onread" ? "raw" : "raw-data", label, "raw", "raw-net", {
    bytes,
    blocksize: BLOCK,
    reader,
  });
}

export function sizeOf(s: "100m" | "1g"): { bytes: number; label: string } {
  return s === "1g" ? { bytes: GIB, label: "1 GiB" } : { bytes: seeded.bigFileBytes, label: "100 MB" };
}

/** repeat is `lines` n times over (a curl configuration doing the same transfer n times). */
export function repeat(lines: string[], n: number): string[] {
  return Array.from({ length: n }, () => lines).flat();
}
