// Bundles each Node client program (clients/node/*.ts) into one plain .mjs under .build/, so
// the clients run on plain `node`: no TypeScript loader in the measured process (tsx would add
// its own memory and start-up to every run). The @inetlib packages are bundled in from their
// sources; every other package stays external (see `externals`).
//
// esbuild is the one tsx already brings (the repository's dev toolchain); nothing is added.
import { readdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { benchDir } from "./paths.js";

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number } | null;
}
interface EsbuildResult {
  errors: EsbuildMessage[];
}
interface ResolveArgs {
  path: string;
  kind: string;
  resolveDir: string;
  pluginData?: { again?: boolean };
}
interface Resolved {
  path: string;
  external: boolean;
  errors: EsbuildMessage[];
}
interface EsbuildPluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (
      args: ResolveArgs,
    ) => Promise<{ path: string; external: boolean } | { errors: EsbuildMessage[] } | undefined>,
  ): void;
  resolve(
    path: string,
    options: { kind: string; resolveDir: string; pluginData: { again: boolean } },
  ): Promise<Resolved>;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<EsbuildResult>;
}

function loadEsbuild(): Esbuild {
  const require = createRequire(import.meta.url);
  const tsx = realpathSync(require.resolve("tsx/package.json"));
  return createRequire(tsx)("esbuild") as Esbuild;
}

/** The folder the bundles go to. */
export const buildDir = join(benchDir, ".build");

/** BuildOutcome: the bundles made, and the programs that failed to bundle (a package not there yet). */
export interface BuildOutcome {
  built: Set<string>;
  failed: Map<string, string>;
}

/** clientPrograms lists the client programs: the .ts files of clients/node that are not shared helpers. */
export function clientPrograms(): string[] {
  const dir = join(benchDir, "clients", "node");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith("-params.ts") && !f.startsWith("common"))
    .map((f) => basename(f, ".ts"));
}

/** build bundles the named programs one by one, so one that cannot build leaves the others. */
export async function build(programs: string[]): Promise<BuildOutcome> {
  const esbuild = loadEsbuild();
  const outcome: BuildOutcome = { built: new Set(), failed: new Map() };
  // Every package but ours stays a separate module, loaded by its absolute path as esbuild
  // resolves it from the importer: a peer from bench/node_modules, a dependency of an @inetlib
  // package (undici, nodemailer, ...) from that package's own node_modules.
  const externals = {
    name: "externals",
    setup(b: EsbuildPluginBuild) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.again || args.path.startsWith("@inetlib/")) return undefined;
        const r = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: { again: true },
        });
        if (r.errors.length) return { errors: r.errors };
        return { path: r.path, external: true };
      });
    },
  };
  await Promise.all(
    programs.map(async (name) => {
      try {
        await esbuild.build({
          entryPoints: [join(benchDir, "clients", "node", `${name}.ts`)],
          outfile: join(buildDir, `${name}.mjs`),
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          logLevel: "silent",
          plugins: [externals],
        });
        outcome.built.add(name);
      } catch (err) {
        const errors = (err as Partial<EsbuildResult>).errors;
        const text = errors?.length
          ? errors
              .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ` : "") + e.text)
              .join("; ")
          : String(err);
        outcome.failed.set(name, text);
      }
    }),
  );
  return outcome;
}
