#!/usr/bin/env node
// The package.json a tarball ships, for `npm pack`/`npm publish` as well as pnpm's. In the
// repository a package's `exports` point at its TypeScript sources and its sibling dependencies
// are `workspace:*`; pnpm rewrites both when it packs (publishConfig, the workspace protocol),
// npm rewrites neither. So every package's `prepack` script runs this with `prepack`: it builds
// the package (tsc -b: a no-op when dist/ is up to date) and rewrites package.json in place as
// published; `postpack` puts the original back. A package.json left rewritten by an interrupted
// pack is restored by the next `prepack` or `postpack` (the original is kept beside it).
//
//   node ../../scripts/pack-manifest.mjs prepack|postpack    (from a package's folder)
//   node scripts/pack-manifest.mjs print packages/socket     (the rewritten manifest, to stdout)
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ORIGINAL = ".package.json.unpacked";
// The repository's LICENSE, copied in for the pack (pnpm adds it on its own, npm does not).
const LICENSE_COPIED = ".license.copied";

/** versions maps each workspace package's name to its version. */
function versions() {
  const map = new Map();
  const dir = path.join(root, "packages");
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    map.set(pkg.name, pkg.version);
  }
  return map;
}

/** workspaceRange turns `workspace:*|^|~|RANGE` into what npm understands, as pnpm publishes it. */
function workspaceRange(name, spec, known) {
  const range = spec.slice("workspace:".length);
  const version = known.get(name);
  if (version === undefined) throw new Error(`${name}: ${spec} names no package in packages/`);
  if (range === "*" || range === "") return version;
  if (range === "^" || range === "~") return `${range}${version}`;
  return range;
}

/** published returns the manifest as a tarball ships it. */
export function published(pkg, known = versions()) {
  const out = structuredClone(pkg);
  for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [name, spec] of Object.entries(out[field] ?? {})) {
      if (typeof spec === "string" && spec.startsWith("workspace:"))
        out[field][name] = workspaceRange(name, spec, known);
    }
  }
  // publishConfig's fields replace the top-level ones, as pnpm applies them.
  const { publishConfig = {} } = out;
  for (const field of ["exports", "main", "types", "bin", "module", "typings"]) {
    if (field in publishConfig) {
      out[field] = publishConfig[field];
      delete publishConfig[field];
    }
  }
  if (Object.keys(publishConfig).length === 0) delete out.publishConfig;
  // These scripts run only where the package is packed, which an installed copy never is.
  if (out.scripts) {
    delete out.scripts.prepack;
    delete out.scripts.postpack;
  }
  return out;
}

function restore(dir) {
  const original = path.join(dir, ORIGINAL);
  if (existsSync(original)) renameSync(original, path.join(dir, "package.json"));
  const copied = path.join(dir, LICENSE_COPIED);
  if (existsSync(copied)) {
    rmSync(path.join(dir, "LICENSE"), { force: true });
    rmSync(copied);
  }
}

const [command, target = "."] = process.argv.slice(2);
const dir = path.resolve(target);
const file = path.join(dir, "package.json");
if (command === "prepack") {
  restore(dir);
  const text = readFileSync(file, "utf8");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-b", "tsconfig.build.json"],
    {
      cwd: dir,
      stdio: "inherit",
    },
  );
  writeFileSync(path.join(dir, ORIGINAL), text);
  if (!existsSync(path.join(dir, "LICENSE"))) {
    writeFileSync(path.join(dir, LICENSE_COPIED), "");
    copyFileSync(path.join(root, "LICENSE"), path.join(dir, "LICENSE"));
  }
  writeFileSync(file, `${JSON.stringify(published(JSON.parse(text)), null, 2)}\n`);
} else if (command === "postpack") {
  restore(dir);
} else if (command === "print") {
  process.stdout.write(`${JSON.stringify(published(JSON.parse(readFileSync(file, "utf8"))), null, 2)}\n`);
} else if (command !== undefined) {
  process.stderr.write(`pack-manifest: unknown command ${command} (prepack, postpack, print)\n`);
  process.exit(2);
}
